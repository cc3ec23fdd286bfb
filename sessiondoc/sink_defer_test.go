package sessiondoc

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// TestNextRewrite: a small running document is rewritten at the next
// export; a larger one after a second per MiB, or ten times its write
// time if that is longer.
func TestNextRewrite(t *testing.T) {
	for _, tc := range []struct {
		name   string
		took   time.Duration
		size   int
		prompt int
		want   time.Duration // after t0; -1: the zero time
	}{
		{"small", time.Hour, promptBytes, promptBytes, -1},
		{"just large", 0, promptBytes + 1, promptBytes, time.Duration(promptBytes+1) * time.Second / rewriteRate},
		{"4 MiB, fast", time.Millisecond, 4 << 20, promptBytes, 4 * time.Second},
		{"2 MiB, slow", time.Second, 2 << 20, promptBytes, 10 * time.Second},
		{"any size, no prompt", time.Millisecond, 1, 0, 10 * time.Millisecond},
	} {
		got := nextRewrite(t0, tc.took, tc.size, tc.prompt)
		if tc.want < 0 && !got.IsZero() || tc.want >= 0 && !got.Equal(t0.Add(tc.want)) {
			t.Errorf("%s: next rewrite %v after the start, want %v (-1: at the next export)", tc.name, got.Sub(t0), tc.want)
		}
	}
}

// newDeferringSink returns a sink on a fake clock whose writes take step,
// for which every running document is large (prompt 0).
func newDeferringSink(t *testing.T, step time.Duration, opts ...SinkOption) (*Sink, string, *fakeClock) {
	t.Helper()
	s, dir, _ := newSink(t, opts...)
	c := newFakeClock(step)
	s.clock, s.prompt = c, 0
	return s, dir, c
}

// spansIn returns how many spans the document at path holds.
func spansIn(t *testing.T, path string) int {
	t.Helper()
	return len(readDoc(t, path).Spans)
}

func export(t *testing.T, s *Sink, spans ...sdktrace.ReadOnlySpan) {
	t.Helper()
	if err := s.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
}

// TestSinkDefersLargeRunningDocuments: a large running document is written
// at its first export, deferred at the next one that comes before it is
// due, then written by the sink's wake-up without more spans; ForceFlush
// and the root write it at once; Shutdown leaves no wake-up armed.
func TestSinkDefersLargeRunningDocuments(t *testing.T) {
	s, dir, c := newDeferringSink(t, time.Millisecond)
	spans := sessionStubs().Snapshots()
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	export(t, s, spans[0])
	export(t, s, spans[1])
	if n := spansIn(t, path); n != 1 {
		t.Fatalf("%d spans on disk right after the second export, want 1 (deferred)", n)
	}
	if p := c.pending(); len(p) != 1 {
		t.Fatalf("wake-ups armed %v, want one", p)
	}
	if ran := c.advance(time.Second); ran != 1 || spansIn(t, path) != 2 {
		t.Fatalf("%d wake-ups ran, %d spans on disk; want the deferred one written", ran, spansIn(t, path))
	}
	export(t, s, spans[2])
	if n := spansIn(t, path); n != 2 {
		t.Fatalf("%d spans on disk, want 2 (deferred)", n)
	}
	if err := s.ForceFlush(t.Context()); err != nil || spansIn(t, path) != 3 {
		t.Fatalf("ForceFlush = %v, %d spans on disk; want 3", err, spansIn(t, path))
	}
	export(t, s, spans[3:5]...)
	export(t, s, spans[5])
	if d := readDoc(t, path); d.Partial || len(d.Spans) != 6 {
		t.Fatalf("after the root: partial %v, %d spans; want the whole document", d.Partial, len(d.Spans))
	}
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("wake-ups still armed after Shutdown: %v", p)
	}
}

// TestSinkWritesSmallDocumentsAtEveryExport: a small running document is
// written at every export, however long its writes take.
func TestSinkWritesSmallDocumentsAtEveryExport(t *testing.T) {
	s, dir, _ := newSink(t)
	c := newFakeClock(time.Hour)
	s.clock = c
	spans := sessionStubs().Snapshots()
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	for i := range 5 {
		export(t, s, spans[i])
		if n := spansIn(t, path); n != i+1 {
			t.Fatalf("%d spans on disk after export %d", n, i+1)
		}
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("wake-ups armed %v for a small document", p)
	}
}

// TestSinkRewriteTakesATenthOfTheTime: a running document whose write
// takes a second is not rewritten for ten seconds after that write began.
func TestSinkRewriteTakesATenthOfTheTime(t *testing.T) {
	s, dir, c := newDeferringSink(t, time.Second)
	spans := sessionStubs().Snapshots()
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	export(t, s, spans[0]) // written from t0+1s, until t0+2s
	c.advance(5 * time.Second)
	export(t, s, spans[1])
	if n := spansIn(t, path); n != 1 {
		t.Fatalf("%d spans on disk 7 s after a write of 1 s began, want 1", n)
	}
	if ran := c.advance(10 * time.Second); ran != 1 || spansIn(t, path) != 2 {
		t.Errorf("%d wake-ups ran, %d spans on disk 10 s later; want 2", ran, spansIn(t, path))
	}
}

// TestSinkShutdownWritesDeferredDocuments: Shutdown writes a deferred
// document and stops its wake-up; ForceFlush after Shutdown, or with an
// ended context, writes nothing.
func TestSinkShutdownWritesDeferredDocuments(t *testing.T) {
	s, dir, c := newDeferringSink(t, time.Millisecond)
	spans := sessionStubs().Snapshots()
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	export(t, s, spans[0])
	export(t, s, spans[1])
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.ForceFlush(ctx); !errors.Is(err, context.Canceled) || spansIn(t, path) != 1 {
		t.Errorf("ForceFlush with an ended context = %v, %d spans on disk; want the context's error, nothing written", err, spansIn(t, path))
	}
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := spansIn(t, path); n != 2 {
		t.Errorf("%d spans on disk after Shutdown, want 2", n)
	}
	if p, ran := c.pending(), c.advance(time.Hour); len(p) != 0 || ran != 0 {
		t.Errorf("after Shutdown: wake-ups armed %v, %d ran", p, ran)
	}
	if err := s.ForceFlush(t.Context()); err != nil {
		t.Errorf("ForceFlush after Shutdown = %v", err)
	}
}

// TestSinkEvictionWritesDeferredDocuments: a session with a deferred
// document that is evicted to make room for another is written first.
func TestSinkEvictionWritesDeferredDocuments(t *testing.T) {
	s, dir, _ := newDeferringSink(t, time.Millisecond, WithMaxSessions(1))
	spans := sessionStubs().Snapshots()
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	export(t, s, spans[0])
	export(t, s, spans[1])
	if n := spansIn(t, path); n != 1 {
		t.Fatalf("%d spans on disk, want 1 (deferred)", n)
	}
	other := onTrace(sessionStubs(), trace.TraceID{0xee}).Snapshots()
	export(t, s, other[0])
	if n := spansIn(t, path); n != 2 {
		t.Errorf("%d spans on disk once evicted, want 2", n)
	}
}

// TestSinkWakesUpWhileIdle: on the real clock, a deferred document reaches
// disk with no export, flush or Shutdown to write it. (It may not be
// deferred at all on a slow machine: the test waits for the spans, not
// for a time.)
func TestSinkWakesUpWhileIdle(t *testing.T) {
	s, dir, _ := newSink(t)
	s.prompt = 0
	spans := sessionStubs().Snapshots()
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	export(t, s, spans[0])
	export(t, s, spans[1])
	for deadline := time.Now().Add(time.Minute); spansIn(t, path) != 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the deferred document was never written")
		}
	}
}
