package otelagentops

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/semconv"
)

func TestOwnProviderBatchesToEveryExporter(t *testing.T) {
	a, b := tracetest.NewInMemoryExporter(), tracetest.NewInMemoryExporter()
	c, err := New(context.Background(), WithExporter(a), WithExporter(b), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, _ := c.StartSession(context.Background())
	_ = c.RecordAction(ctx, Action{Type: "click"})
	_ = s.End(ctx, semconv.EndStateSuccess)
	if err := c.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	for name, exp := range map[string]*tracetest.InMemoryExporter{"a": a, "b": b} {
		spans := exp.GetSpans()
		if len(spans) != 2 {
			t.Fatalf("exporter %s got %d spans, want 2", name, len(spans))
		}
		for _, sp := range spans {
			if sp.SpanContext.TraceID() != s.ID().TraceID() {
				t.Errorf("exporter %s: span %q outside the session trace", name, sp.Name)
			}
		}
		if got := spans[0].Resource.String(); !strings.Contains(got, "service.name=agentops") || !strings.Contains(got, "agentops.sdk.name=agentops-go") {
			t.Errorf("resource %s", got)
		}
	}
	if st := c.ExportStats(); st.Queued != 4 || st.Exported != 4 || st.Dropped != 0 {
		t.Errorf("export stats %+v, want 4 queued and exported", st)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// blockingExporter holds every export until released, so the queue fills.
type blockingExporter struct {
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	got     int
}

func (e *blockingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	select {
	case <-e.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	e.mu.Lock()
	e.got += len(spans)
	e.mu.Unlock()
	return nil
}

func (e *blockingExporter) Shutdown(context.Context) error {
	e.once.Do(func() { close(e.release) })
	return nil
}

func TestFullQueueDropsAreCountedAndReported(t *testing.T) {
	exp := &blockingExporter{release: make(chan struct{})}
	logs := &syncBuffer{}
	c, err := New(context.Background(), WithExporter(exp), WithMaxQueueSize(4), WithMaxExportBatchSize(1),
		WithFlushInterval(time.Millisecond), WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, _ := c.StartSession(context.Background())
	for range 50 {
		_ = c.RecordAction(ctx, Action{Type: "spam"})
	}
	_ = s.End(ctx, semconv.EndStateSuccess)
	exp.once.Do(func() { close(exp.release) })
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := c.ExportStats()
	if st.Queued != 51 || st.Dropped == 0 || st.Exported+st.Dropped != st.Queued || int64(exp.got) != st.Exported {
		t.Errorf("export stats %+v with %d exported, want every queued span exported or counted dropped", st, exp.got)
	}
	if !strings.Contains(logs.String(), " dropped=") {
		t.Errorf("drops not reported in the log:\n%s", logs)
	}
}

func TestUserProviderWithoutIDGeneratorAdoptsTheTraceID(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	proc := NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	c, err := New(context.Background(), WithTracerProvider(tp), WithSessionProcessor(proc), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, _ := c.StartSession(context.Background())
	_ = c.RecordAction(ctx, Action{Type: "a"})
	if s.RootSpanIDDerived() {
		t.Error("RootSpanIDDerived without the IDGenerator")
	}
	if s.ID().TraceID() != s.SpanContext().TraceID() {
		t.Errorf("session ID %s is not the trace ID %s", s.ID(), s.SpanContext().TraceID())
	}
	if s.Stats().Actions != 1 {
		t.Errorf("stats %+v: the processor lost the session after the ID changed", s.Stats())
	}
	_ = c.Shutdown(context.Background())
	for _, sp := range rec.Ended() {
		if attrAny(sp, "agentops.session.id") != s.ID().String() {
			t.Errorf("span %q has session id %v", sp.Name(), attrAny(sp, "agentops.session.id"))
		}
	}
}

func TestUserProviderWithoutProcessorWarns(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithIDGenerator(NewIDGenerator()))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	logs := &syncBuffer{}
	c, err := New(context.Background(), WithTracerProvider(tp), WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.StartSession(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = c.Shutdown(context.Background())
	if !strings.Contains(logs.String(), "no SessionProcessor") {
		t.Errorf("no warning about the missing processor:\n%s", logs)
	}
	if len(rec.Ended()) != 1 {
		t.Errorf("the user's provider got %d spans, want the session root", len(rec.Ended()))
	}
}

func TestSessionWithOwnConfigurationIsRouted(t *testing.T) {
	main, own := &keepingExporter{}, &keepingExporter{}
	c, err := New(context.Background(), WithExporter(main), WithConcurrentSessions(), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()
	ctxA, a, _ := c.StartSession(context.Background(), WithSessionName("plain"))
	ctxB, b, err := c.StartSession(context.Background(), WithSessionName("routed"), WithSessionConfig(WithExporter(own)))
	if err != nil {
		t.Fatal(err)
	}
	_ = c.RecordAction(ctxA, Action{Type: "in-a"})
	_ = c.RecordAction(ctxB, Action{Type: "in-b"})
	_ = b.End(ctxB, semconv.EndStateSuccess) // flushes the session's own pipeline
	_ = a.End(ctxA, semconv.EndStateSuccess)
	_ = c.ForceFlush(context.Background())
	for _, tc := range []struct {
		exp  *keepingExporter
		want SessionID
	}{{main, a.ID()}, {own, b.ID()}} {
		spans := tc.exp.Spans()
		if len(spans) != 2 {
			t.Errorf("exporter got %d spans, want 2", len(spans))
		}
		for _, sp := range spans {
			if sp.SpanContext().TraceID() != tc.want.TraceID() {
				t.Errorf("span %q routed to the wrong exporter", sp.Name())
			}
		}
	}
}

// TestUserProviderWithoutIDGeneratorWarnsOfIt: with the SessionProcessor
// installed and only the IDGenerator missing, the warning used to say the
// processor was missing. It names the IDGenerator.
func TestUserProviderWithoutIDGeneratorWarnsOfIt(t *testing.T) {
	proc := NewSessionProcessor(tracetest.NewSpanRecorder())
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	logs := &syncBuffer{}
	c, err := New(context.Background(), WithTracerProvider(tp), WithSessionProcessor(proc), WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, err := c.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_ = s.End(ctx, semconv.EndStateSuccess)
	_ = c.Shutdown(context.Background())
	if strings.Contains(logs.String(), "no SessionProcessor") {
		t.Errorf("warned of a missing processor that is installed:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "no IDGenerator") {
		t.Errorf("no warning about the missing IDGenerator:\n%s", logs)
	}
}
