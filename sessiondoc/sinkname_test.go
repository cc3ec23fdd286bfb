package sessiondoc

import (
	"path/filepath"
	"testing"

	"go.opentelemetry.io/otel/trace"
)

// TestSinkNamesARunningSessionItWasTold: a session whose start was told
// (SessionStarted) is named in its running document from the first write,
// and by its root once the root arrives; one that was not told stays
// unnamed until its root. A running session forgotten and resumed keeps
// the name its file has.
func TestSinkNamesARunningSessionItWasTold(t *testing.T) {
	s, dir, _ := newSink(t, WithMaxSessions(1))
	told, untold, other := trace.TraceID{0xa}, trace.TraceID{0xb}, trace.TraceID{0xc}
	children, root := sessionStubs()[:5], sessionStubs()[5:]
	s.SessionStarted(told, "told name")
	s.SessionStarted(untold, "")
	for _, tr := range []trace.TraceID{told, untold} {
		if err := s.ExportSpans(t.Context(), onTrace(children[:2], tr).Snapshots()); err != nil {
			t.Fatal(err)
		}
	}
	path := func(tr trace.TraceID) string { return filepath.Join(dir, sessionID(tr)+".json") }
	if d := readDoc(t, path(told)); !d.Partial || d.Name != "told name" {
		t.Errorf("running document of the told session: partial %v, name %q, want the told name", d.Partial, d.Name)
	}
	if d := readDoc(t, path(untold)); !d.Partial || d.Name != "" {
		t.Errorf("running document of a session not told: partial %v, name %q, want none", d.Partial, d.Name)
	}

	// Another session's start takes the told name's place (the sink
	// remembers one session here) and its spans the session's: the
	// session's next spans are merged into its file, named as it was.
	s.SessionStarted(other, "other")
	if err := s.ExportSpans(t.Context(), onTrace(children[:1], other).Snapshots()); err != nil {
		t.Fatal(err)
	}
	if err := s.ExportSpans(t.Context(), onTrace(children[2:], told).Snapshots()); err != nil {
		t.Fatal(err)
	}
	if d := readDoc(t, path(told)); !d.Partial || d.Name != "told name" || len(d.Spans) != 5 {
		t.Errorf("resumed running document: partial %v, name %q, %d spans; want the told name and 5 spans", d.Partial, d.Name, len(d.Spans))
	}
	if err := s.ExportSpans(t.Context(), onTrace(root, told).Snapshots()); err != nil {
		t.Fatal(err)
	}
	if d := readDoc(t, path(told)); d.Partial || d.Name != "research" {
		t.Errorf("complete document: partial %v, name %q, want the root's name", d.Partial, d.Name)
	}

	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.SessionStarted(told, "after") // does nothing
}
