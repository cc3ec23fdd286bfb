package exporter

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// flushingExporter records what it is asked to do, in order: "export"
// with the number of spans, "flush", "shutdown". Its ForceFlush returns
// err, or panics with panicWith.
type flushingExporter struct {
	mu        sync.Mutex
	calls     []string
	err       error
	panicWith string
}

func (e *flushingExporter) record(call string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, call)
}

func (e *flushingExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.record("export " + names(spans))
	return nil
}

func (e *flushingExporter) ForceFlush(context.Context) error {
	e.record("flush")
	if e.panicWith != "" {
		panic(e.panicWith)
	}
	return e.err
}

func (e *flushingExporter) Shutdown(context.Context) error {
	e.record("shutdown")
	return nil
}

func (e *flushingExporter) seen() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.calls)
}

// TestForceFlushFlushesTheExporter: ForceFlush flushes an exporter that
// can be flushed after the batch it delivers, and also when nothing is
// queued (OTel's processor then calls no ExportSpans); the exporter's error
// is returned; nothing is flushed after Shutdown.
func TestForceFlushFlushesTheExporter(t *testing.T) {
	exp := &flushingExporter{}
	bp := NewBatchProcessor(exp, nil)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bp))
	_, span := tp.Tracer("test").Start(context.Background(), "a")
	span.End()
	if err := tp.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := tp.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := exp.seen(), []string{"export a", "flush", "flush"}; !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
	exp.err = errors.New("disk full")
	if err := tp.ForceFlush(t.Context()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("ForceFlush = %v, want the exporter's error", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	before := len(exp.seen())
	if err := bp.ForceFlush(ctx); !errors.Is(err, context.Canceled) || len(exp.seen()) != before {
		t.Errorf("ForceFlush with an ended context = %v, calls %q", err, exp.seen()[before:])
	}
	if err := tp.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	before = len(exp.seen())
	if err := bp.ForceFlush(t.Context()); err != nil || len(exp.seen()) != before {
		t.Errorf("ForceFlush after Shutdown = %v, calls %q", err, exp.seen()[before:])
	}
}

// TestPanickingFlushIsContained: an exporter whose ForceFlush panics makes
// ForceFlush fail, not the program.
func TestPanickingFlushIsContained(t *testing.T) {
	exp := &flushingExporter{panicWith: "flush bug"}
	bp := NewBatchProcessor(exp, nil)
	defer bp.Shutdown(context.Background())
	if err := bp.ForceFlush(t.Context()); err == nil || !strings.Contains(err.Error(), "panicked at ForceFlush: flush bug") {
		t.Errorf("ForceFlush = %v, want the panic as an error", err)
	}
}
