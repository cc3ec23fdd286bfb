package sessiondoc

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// TestSinkConcurrentSafe writes many sessions from many goroutines
// into a sink that holds fewer sessions than that (so evictions race the
// writes), each told of its start (SessionStarted) as it is written, then
// shuts it down while late batches and starts still arrive: every file
// left is a valid session document, and no temporary file remains.
func TestSinkConcurrentSafe(t *testing.T) {
	s, dir, _ := newSink(t, WithMaxSessions(4))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 4 {
				id := trace.TraceID{byte(g + 1), byte(i + 1)}
				s.SessionStarted(id, "research")
				spans := onTrace(sessionStubs(), id).Snapshots()
				for len(spans) > 0 {
					n := min(len(spans), 1+i%3)
					if err := s.ExportSpans(t.Context(), spans[:n]); err != nil {
						t.Error(err)
					}
					spans = spans[n:]
				}
			}
		})
	}
	wg.Wait()
	for g := range 4 {
		wg.Go(func() {
			s.SessionStarted(trace.TraceID{0xff, byte(g)}, "late")
			_ = s.ExportSpans(t.Context(), onTrace(sessionStubs(), trace.TraceID{0xff, byte(g)}).Snapshots()[:2])
		})
	}
	wg.Go(func() { _ = s.Shutdown(context.Background()) })
	wg.Wait()
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(names) < 32 {
		t.Errorf("%d files for 32 sessions", len(names))
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		var doc Document
		if err != nil || filepath.Ext(name) != ".json" || json.Unmarshal(data, &doc) != nil {
			t.Errorf("%s is not a session document (%v)", filepath.Base(name), err)
		}
	}
}

// TestSinkDeferredConcurrentSafe exports sessions span by span from many
// goroutines into a sink that defers every running document and holds
// fewer sessions than that, while its wake-ups run (the clock moving on),
// ForceFlush and Shutdown race them: every session's document is on disk
// with every span exported, complete for those whose root came, and no
// wake-up is left armed.
func TestSinkDeferredConcurrentSafe(t *testing.T) {
	s, dir, c := newDeferringSink(t, time.Microsecond, WithMaxSessions(4))
	var exporters, movers sync.WaitGroup
	done := make(chan struct{})
	for g := range 8 {
		exporters.Go(func() {
			for i := range 4 {
				spans := onTrace(sessionStubs(), trace.TraceID{byte(g + 1), byte(i + 1)}).Snapshots()
				if i%2 == 1 {
					spans = spans[:len(spans)-1] // running: no root
				}
				for _, sp := range spans {
					if err := s.ExportSpans(t.Context(), []sdktrace.ReadOnlySpan{sp}); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	movers.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
				c.advance(time.Millisecond)
			}
		}
	})
	movers.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
				_ = s.ForceFlush(t.Context())
			}
		}
	})
	exporters.Wait()
	movers.Go(func() { _ = s.Shutdown(context.Background()) })
	close(done)
	movers.Wait()
	for g := range 8 {
		for i := range 4 {
			id := sessionID(trace.TraceID{byte(g + 1), byte(i + 1)})
			d := readDoc(t, filepath.Join(dir, id+".json"))
			if want := 6 - i%2; len(d.Spans) != want || d.Partial != (i%2 == 1) {
				t.Errorf("session %s: %d spans, partial %v; want %d spans", id, len(d.Spans), d.Partial, want)
			}
		}
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("wake-ups armed after Shutdown: %v", p)
	}
}

// TestLegacyConcurrentSafe sends several sessions to the legacy REST
// exporter from many goroutines while their tokens expire: each session is
// created once, every events request carries a session token, and Shutdown
// racing late exports neither panics nor races.
func TestLegacyConcurrentSafe(t *testing.T) {
	srv := newLegacyServer(t)
	l, _ := newLegacy(t, srv)
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			spans := onTrace(sessionStubs(), trace.TraceID{byte(g + 1)}).Snapshots()
			for i, sp := range spans {
				if i == 2 && g == 0 {
					srv.expireAll()
				}
				if err := l.ExportSpans(t.Context(), spans[i:i+1]); err != nil {
					t.Error(err)
				}
				_ = sp
			}
		})
	}
	wg.Wait()
	wg.Go(func() { _ = l.ExportSpans(t.Context(), sessionStubs().Snapshots()) })
	wg.Go(func() { _ = l.Shutdown(context.Background()) })
	wg.Wait()
	srv.mu.Lock()
	defer srv.mu.Unlock()
	created := 0
	for _, c := range srv.calls {
		switch c.route {
		case "/v2/create_session":
			created++
		case "/v2/create_events", "/v2/update_session":
			if c.bearer == "" {
				t.Errorf("%s without a session token", c.route)
			}
		}
	}
	if created < 6 || created > 7 {
		t.Errorf("%d sessions created, want one per session (6, or 7 with the racing one)", created)
	}
}
