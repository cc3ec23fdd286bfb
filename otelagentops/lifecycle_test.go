package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"github.com/agentops-go/sdk/semconv"
)

// TestStartSessionRacingShutdownConcurrentSafe: a session starting while
// Shutdown runs is either refused or ended by it; never left open, never a
// nil root (this panicked before sessions became visible only once their
// root existed).
func TestStartSessionRacingShutdownConcurrentSafe(t *testing.T) {
	for range 1000 {
		c, err := New(context.Background(), WithExporter(&keepingExporter{}), WithConcurrentSessions(),
			WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var started *Session
		var startErr error
		wg.Go(func() { _, started, startErr = c.StartSession(context.Background()) })
		wg.Go(func() { _ = c.Shutdown(context.Background()) })
		wg.Wait()
		switch {
		case startErr == nil && !started.Ended():
			t.Fatal("a session started during Shutdown was left open")
		case startErr != nil && !errors.Is(startErr, ErrShutdown):
			t.Fatalf("StartSession during Shutdown = %v, want nil or ErrShutdown", startErr)
		}
		if got := c.ActiveSessions(); len(got) != 0 {
			t.Fatalf("%d sessions active after Shutdown", len(got))
		}
	}
}

// TestLateSpansOfARoutedSessionStayOutOfTheClientPipeline: a child span of a
// session with its own exporters that ends after the session must not be
// exported with the client's configuration (another API key would put it
// in another project); it is dropped and counted.
func TestLateSpansOfARoutedSessionStayOutOfTheClientPipeline(t *testing.T) {
	clientExp, sessionExp := &keepingExporter{}, &keepingExporter{}
	c, err := New(context.Background(), WithExporter(clientExp), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, err := c.StartSession(context.Background(), WithSessionConfig(WithExporter(sessionExp)))
	if err != nil {
		t.Fatal(err)
	}
	_, tool, err := c.StartTool(ctx, "slow", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	tool.End("late", nil)
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(clientExp.Spans()); n != 0 {
		t.Errorf("the client's exporter got %d spans of a session routed elsewhere", n)
	}
	if got := sessionExp.Spans(); len(got) != 1 || got[0].Name() != "default.session" {
		t.Errorf("the session's exporter got %d spans, want its root", len(got))
	}
	if late := c.ExportStats().Late; late != 1 {
		t.Errorf("ExportStats().Late = %d, want 1", late)
	}
}

func TestTombstonesAreBounded(t *testing.T) {
	p := NewSessionProcessor()
	late := &lateSpans{logger: slog.New(slog.DiscardHandler)}
	for range maxTombstones + 10 {
		p.retire(NewSessionID(), late)
	}
	if n := len(p.sessions); n != maxTombstones {
		t.Errorf("%d tombstones kept, want %d", n, maxTombstones)
	}
}

// failingShutdownExporter fails its Shutdown.
type failingShutdownExporter struct{ keepingExporter }

var errExporterShutdown = errors.New("exporter shutdown failed")

func (*failingShutdownExporter) Shutdown(context.Context) error { return errExporterShutdown }

// TestSecondShutdownReturnsNil: a second Shutdown used to return the first
// one's error, as if it had failed again. It does nothing, and returns nil
// as sdktrace.TracerProvider.Shutdown does on a second call.
func TestSecondShutdownReturnsNil(t *testing.T) {
	c, err := New(context.Background(), WithExporter(&failingShutdownExporter{}), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.Background()); !errors.Is(err, errExporterShutdown) {
		t.Fatalf("first Shutdown = %v, want the exporter's error", err)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Errorf("second Shutdown = %v, want nil", err)
	}
}
