package exporter

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// recordedSession is one session of every kind of span, as recorded.
func recordedSession() []sdktrace.ReadOnlySpan {
	return tracetest.SpanStubs{
		recordedRoot(codes.Ok), recordedLLM(), recordedTool(codes.Ok), recordedAgent(), recordedWorkflow(),
		recordedTask(), recordedAction(), recordedError("timeout.error"),
	}.Snapshots()
}

// TestAgentOpsExporterSendsTheView: what the AgentOps exporter sends reads
// on the AgentOps dashboard as what happened: one LLM call, one tool call,
// each span's icon unambiguous, the model whole in the LLM call's header.
func TestAgentOpsExporterSendsTheView(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	e := newAgentOps(t, srv)
	spans := recordedSession()
	if err := e.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	d := exportertest.ReadDashboard(srv.Accepted())
	if d.LLMCalls != 1 || d.ToolCalls != 1 || d.Name != "research" || d.PromptTokens != 120 || d.CompletionTokens != 40 {
		t.Errorf("dashboard: LLM calls %d, tool calls %d, name %q, tokens %d/%d", d.LLMCalls, d.ToolCalls, d.Name, d.PromptTokens, d.CompletionTokens)
	}
	want := map[string]struct{ icon, waterfall, header string }{
		"research.session":   {exportertest.IconOther, "session", "session"},
		"chat gpt-4\u20241":  {exportertest.IconRequest, "llm", "chat gpt-4\u20241"},
		"get_weather.tool":   {exportertest.IconTool, "tool", "tool"},
		"planner.agent":      {exportertest.IconAgent, "agent", "agent"},
		"plan_trip.workflow": {exportertest.IconOther, "workflow", "workflow"},
		"book.task":          {exportertest.IconOther, "task", "task"},
		"click.action":       {exportertest.IconOther, exportertest.IconOther, "action"},
		"timeout.error":      {exportertest.IconOther, "error", "error"},
	}
	for _, v := range d.Spans {
		w, ok := want[v.Span.GetName()]
		if !ok || v.Icon != w.icon || v.Waterfall != w.waterfall || v.Header != w.header || len(v.Icons) > 1 {
			t.Errorf("span %q: icon %q (%q), waterfall %q, header %q; want %+v", v.Span.GetName(), v.Icon, v.Icons, v.Waterfall, v.Header, w)
		}
	}
	for _, s := range srv.Accepted() {
		for _, kv := range s.GetAttributes() {
			if strings.HasPrefix(kv.GetKey(), "gen_ai.") && s.GetName() != "chat gpt-4\u20241" {
				t.Errorf("span %q sent with %s", s.GetName(), kv.GetKey())
			}
		}
	}
	if spans[1].Name() != "chat gpt-4.1" || len(genAIKeys(spans[2])) == 0 {
		t.Error("exporting changed the recorded spans")
	}
}

// TestNewAgentOpsView: the exporter hands next the view, repairs UTF-8 in
// the same pass, and passes Shutdown on.
func TestNewAgentOpsView(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	exp := NewAgentOpsView(mem)
	if _, ok := exp.(utf8Repairer); !ok {
		t.Error("the view exporter does not say it repairs UTF-8")
	}
	bad := recordedTool(codes.Ok)
	bad.Attributes = append(bad.Attributes, semconv.GenAIToolCallResult("18\xff"))
	spans := append(recordedSession(), tracetest.SpanStubs{bad}.Snapshots()...)
	if err := exp.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	got := mem.GetSpans()
	if len(got) != len(spans) || got[1].Name != "chat gpt-4\u20241" || got[2].Name != "get_weather.tool" {
		t.Fatalf("%d spans, names %q, %q", len(got), got[1].Name, got[2].Name)
	}
	for _, kv := range got[len(got)-1].Attributes {
		if kv.Key == semconv.ToolResultKey && kv.Value.AsString() != "18\uFFFD" {
			t.Errorf("tool.result %q: want the invalid byte repaired", kv.Value.AsString())
		}
	}
	if err := exp.Shutdown(t.Context()); err != nil || len(mem.GetSpans()) != 0 {
		t.Errorf("shutdown: %v, %d spans kept (want next shut down)", err, len(mem.GetSpans()))
	}
	nilExp := NewAgentOpsView(nil)
	if err := errors.Join(nilExp.ExportSpans(t.Context(), spans), nilExp.Shutdown(t.Context())); err != nil {
		t.Errorf("a view of nil: %v", err)
	}
}

// TestNewAgentOpsViewProcessor: spans reach the exporters behind the
// processor in the view; a live provider's spans work as snapshots do.
func TestNewAgentOpsViewProcessor(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewAgentOpsViewProcessor(sdktrace.NewSimpleSpanProcessor(mem))))
	_, span := tp.Tracer("test").Start(context.Background(), "execute_tool search")
	span.SetAttributes(semconv.SpanKindTool.Attribute(), semconv.GenAIOperationName("execute_tool"), semconv.GenAIToolName("search"))
	span.End()
	if err := tp.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := mem.GetSpans()
	if len(got) != 1 || got[0].Name != "search.tool" {
		t.Fatalf("spans %v", got)
	}
	if err := tp.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	p := NewAgentOpsViewProcessor(nil)
	p.OnStart(t.Context(), nil)
	p.OnEnd(nil)
	if err := errors.Join(p.ForceFlush(t.Context()), p.Shutdown(t.Context())); err != nil {
		t.Errorf("a processor of nil: %v", err)
	}
}
