package e2e_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/e2e/internal/backend"
)

// TestJaegerReceivesOTLP checks the harness end to end: a plain otlptracehttp
// exporter sends a trace straight to Jaeger, which returns it intact.
func TestJaegerReceivesOTLP(t *testing.T) {
	jaeger := backend.StartJaeger(t)
	ids := exportTrace(t, jaeger.OTLPTracesURL())
	checkTrace(t, waitTrace(t, jaeger, ids.trace), ids)
}

// TestCollectorForwardsToJaeger sends the same trace through the Collector
// (OTLP/HTTP in, batch, OTLP/gRPC out) and reads it back from Jaeger and from
// the Collector's file export.
func TestCollectorForwardsToJaeger(t *testing.T) {
	jaeger := backend.StartJaeger(t)
	collector := backend.StartCollector(t, jaeger)
	ids := exportTrace(t, collector.OTLPTracesURL())
	checkTrace(t, waitTrace(t, jaeger, ids.trace), ids)

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	spans, err := collector.WaitSpans(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkTrace(t, backend.Trace{Spans: spans}, ids)
}

// spanIDs are the hex IDs of the exported trace.
type spanIDs struct {
	trace, root, fetch, parse string
}

// exportTrace exports a root span with two children to the OTLP/HTTP traces
// URL and returns their IDs once the export has completed.
func exportTrace(t *testing.T, url string) spanIDs {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(url))
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp),
		sdktrace.WithResource(resource.NewSchemaless(
			attribute.String("service.name", "agentops-e2e"),
			attribute.StringSlice("agentops.test.resource", []string{"r1", "r2"}),
		)),
	)
	tracer := tp.Tracer("github.com/agentops-go/sdk/e2e", trace.WithInstrumentationVersion("0.0.1"))

	ctx, root := tracer.Start(ctx, "session", trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(
			attribute.StringSlice("agentops.tags", []string{"alpha", "beta"}),
			attribute.Int64("count", 3),
			attribute.Bool("ok", true),
			attribute.Float64("ratio", 0.25),
		))
	_, fetch := tracer.Start(ctx, "fetch", trace.WithSpanKind(trace.SpanKindClient))
	fetch.AddEvent("retry", trace.WithAttributes(attribute.Int("attempt", 2)))
	fetch.SetStatus(codes.Error, "upstream 503")
	fetch.End()
	_, parse := tracer.Start(ctx, "parse")
	parse.SetStatus(codes.Ok, "")
	parse.End()
	root.End()

	if err := tp.ForceFlush(ctx); err != nil {
		t.Fatalf("flush: %v", err)
	}
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	return spanIDs{
		trace: root.SpanContext().TraceID().String(),
		root:  root.SpanContext().SpanID().String(),
		fetch: fetch.SpanContext().SpanID().String(),
		parse: parse.SpanContext().SpanID().String(),
	}
}

func waitTrace(t *testing.T, j *backend.Jaeger, traceID string) backend.Trace {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	tr, err := j.WaitTrace(ctx, traceID, 3)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// checkTrace asserts that tr is exactly the trace exportTrace sent.
func checkTrace(t *testing.T, tr backend.Trace, ids spanIDs) {
	t.Helper()
	if len(tr.Spans) != 3 {
		t.Fatalf("got %d spans, want 3: %+v", len(tr.Spans), tr.Spans)
	}
	want := []struct {
		name, id, parent string
		kind             trace.SpanKind
		status           backend.Status
	}{
		{"session", ids.root, "", trace.SpanKindServer, backend.Status{Code: codes.Unset}},
		{"fetch", ids.fetch, ids.root, trace.SpanKindClient, backend.Status{Code: codes.Error, Message: "upstream 503"}},
		{"parse", ids.parse, ids.root, trace.SpanKindInternal, backend.Status{Code: codes.Ok}},
	}
	for _, w := range want {
		s, ok := tr.Span(w.name)
		if !ok {
			t.Errorf("no span %q", w.name)
			continue
		}
		if s.TraceID != ids.trace || s.SpanID != w.id || s.ParentSpanID != w.parent {
			t.Errorf("%s: IDs trace=%s span=%s parent=%s, want %s %s %q",
				w.name, s.TraceID, s.SpanID, s.ParentSpanID, ids.trace, w.id, w.parent)
		}
		if s.Kind != w.kind || s.Status != w.status {
			t.Errorf("%s: kind %v status %+v, want %v %+v", w.name, s.Kind, s.Status, w.kind, w.status)
		}
		if s.StartTime.IsZero() || s.EndTime.Before(s.StartTime) {
			t.Errorf("%s: times %v..%v", w.name, s.StartTime, s.EndTime)
		}
		if s.ScopeName != "github.com/agentops-go/sdk/e2e" || s.ScopeVersion != "0.0.1" {
			t.Errorf("%s: scope %q %q", w.name, s.ScopeName, s.ScopeVersion)
		}
		if got := s.ResourceAttributes["service.name"]; got != "agentops-e2e" {
			t.Errorf("%s: resource service.name = %v", w.name, got)
		}
		if got := s.ResourceAttributes["agentops.test.resource"]; !equalAny(got, "r1", "r2") {
			t.Errorf("%s: resource agentops.test.resource = %#v", w.name, got)
		}
	}

	root, _ := tr.Span("session")
	if got := root.Attributes["agentops.tags"]; !equalAny(got, "alpha", "beta") {
		t.Errorf("agentops.tags = %#v, want [alpha beta]", got)
	}
	for k, want := range map[string]any{"count": int64(3), "ok": true, "ratio": 0.25} {
		if got := root.Attributes[k]; got != want {
			t.Errorf("%s = %#v, want %#v", k, got, want)
		}
	}
	fetch, _ := tr.Span("fetch")
	if len(fetch.Events) != 1 || fetch.Events[0].Name != "retry" || fetch.Events[0].Attributes["attempt"] != int64(2) {
		t.Errorf("fetch events = %+v, want one retry{attempt=2}", fetch.Events)
	}
	if got := len(tr.Children(ids.root)); got != 2 || len(tr.Roots()) != 1 {
		t.Errorf("tree: %d roots, %d children of the root; want 1, 2", len(tr.Roots()), got)
	}
}

// equalAny reports whether v is a decoded OTLP array of exactly the strings want.
func equalAny(v any, want ...string) bool {
	got, ok := v.([]any)
	return ok && slices.EqualFunc(got, want, func(g any, w string) bool { return g == w })
}
