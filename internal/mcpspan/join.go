package mcpspan

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// A server in another process than its caller records its handlers'
// spans in the caller's trace, but what the handler records through
// otelagentops (an LLM call through llmhttp, a tool) needs a session of
// this process: with Config.JoinSessions, a request whose _meta carries a
// trace context joins that trace's session (otelagentops.JoinSession: the
// session ID is the trace ID) for the time of its handler, so that the
// handler's recordings count in the caller's session, under the server
// span. Requests of one session handled at the same time share one join;
// the last one to end ends it (this process's part of the session, its
// "<name>.process" span, with what it recorded). A join that fails (a
// client with a session of its own and no WithConcurrentSessions, a client
// shut down) leaves the request recorded as without the option.

// joins are the sessions a Server has joined, by ID.
type joins struct {
	mu     sync.Mutex
	active map[otelagentops.SessionID]*joined
	failed bool // a join failed once: logged
}

// joined is a session joined for the requests holding it.
type joined struct {
	session *otelagentops.Session
	holders int
}

// acquire joins the session of the remote span context sc in client c (or
// takes the join that requests of it share) and returns it with the
// function that lets it go; nil when it cannot join. ctx carries sc as its
// remote span: this process's span hangs under the caller's.
func (j *joins) acquire(ctx context.Context, c *otelagentops.Client, sc trace.SpanContext, name string) (*otelagentops.Session, func()) {
	if c == nil || !sc.IsValid() {
		return nil, nil
	}
	id := otelagentops.SessionID(sc.TraceID())
	j.mu.Lock()
	defer j.mu.Unlock()
	e := j.active[id]
	if e == nil {
		// The caller in this process (an in-process transport), or a
		// session this process joined otherwise: nothing to join or end.
		for _, s := range c.ActiveSessions() {
			if s.ID() == id {
				return s, func() {}
			}
		}
		var opts []otelagentops.SessionOption
		if name != "" {
			opts = append(opts, otelagentops.WithSessionName(name))
		}
		_, s, err := c.JoinSession(ctx, id, opts...)
		if err != nil {
			j.note(c, id, err)
			return nil, nil
		}
		if j.active == nil {
			j.active = map[otelagentops.SessionID]*joined{}
		}
		e = &joined{session: s}
		j.active[id] = e
	}
	e.holders++
	var once sync.Once
	return e.session, func() { once.Do(func() { j.release(id, e) }) }
}

// release lets e go; the last holder ends the join.
func (j *joins) release(id otelagentops.SessionID, e *joined) {
	j.mu.Lock()
	e.holders--
	last := e.holders == 0
	if last {
		delete(j.active, id)
	}
	j.mu.Unlock()
	if last {
		_ = e.session.End(context.Background(), semconv.EndStateSuccess, otelagentops.WithReason("the MCP requests it joined for were served"))
	}
}

// note logs the first join that failed (a client that cannot join: each
// request would fail the same way).
func (j *joins) note(c *otelagentops.Client, id otelagentops.SessionID, err error) {
	if j.failed || errors.Is(err, otelagentops.ErrShutdown) {
		return
	}
	j.failed = true
	c.Logger().Warn("agentops: an MCP server could not join its caller's session: its handlers record outside it "+
		"(a client with a session of its own needs otelagentops.WithConcurrentSessions)", "session_id", id.String(), "error", err)
}
