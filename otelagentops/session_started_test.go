package otelagentops

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// startedExporter is an exporter that wants to know of each session's
// start (as sessiondoc.Sink does).
type startedExporter struct {
	keepingExporter
	mu      sync.Mutex
	started []string // "<trace ID> <name>"
}

func (e *startedExporter) SessionStarted(t trace.TraceID, name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.started = append(e.started, t.String()+" "+name)
}

func (e *startedExporter) told() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.started)
}

// TestExportersAreToldOfSessionStarts: an exporter with SessionStarted is
// told each session's trace ID and name at its start, before any span of
// it ends, by the pipeline the session's spans go to: the client's, or the
// session's own; a session the client joins is another's and is not told.
func TestExportersAreToldOfSessionStarts(t *testing.T) {
	main, own := &startedExporter{}, &startedExporter{}
	c, err := New(context.Background(), WithExporter(main), WithConcurrentSessions(), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()
	ctxA, a, err := c.StartSession(context.Background(), WithSessionName("plain"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := main.told(), []string{a.ID().TraceID().String() + " plain"}; !slices.Equal(got, want) || len(main.Spans()) != 0 {
		t.Fatalf("told %v at the start (spans exported %d), want %v", got, len(main.Spans()), want)
	}
	ctxB, b, err := c.StartSession(context.Background(), WithSessionName("routed"), WithSessionConfig(WithExporter(own)))
	if err != nil {
		t.Fatal(err)
	}
	other := SessionID{0x42}
	ctxJ, j, err := c.JoinSession(context.Background(), other, WithSessionName("worker"))
	if err != nil {
		t.Fatal(err)
	}
	for _, end := range []struct {
		ctx context.Context
		s   *Session
	}{{ctxJ, j}, {ctxB, b}, {ctxA, a}} {
		if err := end.s.End(end.ctx, semconv.EndStateSuccess); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := main.told(), []string{a.ID().TraceID().String() + " plain"}; !slices.Equal(got, want) {
		t.Errorf("the client's exporter was told %v, want %v (not the routed session, not the joined one)", got, want)
	}
	if got, want := own.told(), []string{b.ID().TraceID().String() + " routed"}; !slices.Equal(got, want) {
		t.Errorf("the session's own exporter was told %v, want %v", got, want)
	}
}
