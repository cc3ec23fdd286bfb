package sessiondoc

import (
	"sync"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/bounded"
)

// startedNames are the names of the sessions a Sink was told had started
// (SessionStarted) whose root span it has not received: what a running
// document is named before its root, which carries the name too, ends
// last. They have their own lock, never held while writing, so that
// telling a name never waits for a write.
type startedNames struct {
	mu    sync.Mutex
	names *bounded.Map[trace.TraceID, string] // nil after Shutdown
}

func newStartedNames(capacity int) *startedNames {
	return &startedNames{names: bounded.New[trace.TraceID, string](capacity, nil)}
}

// SessionStarted tells s that the session of trace t, named name, has
// started, so that its document carries the name while it runs, from the
// first span written, rather than only once its root span (which ends
// last) arrives. otelagentops' Client tells every exporter of its own
// that has this method when it starts a session (not when it joins one:
// the session's name is its owner's). The root's name, when it comes,
// is the one the document keeps.
//
// The names of at most as many sessions as WithMaxSessions bounds are
// remembered, until their root arrives; a session whose name was
// forgotten is unnamed until its root. SessionStarted does not wait for
// the sink's writes, and does nothing after Shutdown or for an empty
// name. It is safe for concurrent use.
func (s *Sink) SessionStarted(t trace.TraceID, name string) {
	if name == "" {
		return
	}
	n := s.started
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.names != nil {
		n.names.Put(t, name)
	}
}

// take returns the name told for the session of trace t, "" if none;
// with done (its root arrived) the name is forgotten.
func (n *startedNames) take(t trace.TraceID, done bool) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.names == nil {
		return ""
	}
	name, _ := n.names.Peek(t)
	if done {
		n.names.Delete(t)
	}
	return name
}

// stop forgets every name; later calls do nothing.
func (n *startedNames) stop() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.names = nil
}
