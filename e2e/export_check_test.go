package e2e_test

import (
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/otelagentops"
)

// checkSessionTrace asserts that tr, read back from a backend, is the
// session runExportSession recorded: trace ID = session ID, the root span's
// name, kind, status and end-state attributes, tags, every child parented
// inside the trace, the LLM call in the recording's vocabulary (OTel GenAI,
// which is what an OTLP backend receives: none of the AgentOps view's keys),
// the tool and error spans by their recorded names, and the resource.
func checkSessionTrace(t *testing.T, tr backend.Trace, run exportRun) {
	t.Helper()
	if len(tr.Spans) != 4 {
		t.Fatalf("got %d spans, want 4: %+v", len(tr.Spans), tr.Spans)
	}
	traceHex := run.session.TraceID().String()
	ids := map[string]bool{}
	for _, s := range tr.Spans {
		ids[s.SpanID] = true
	}
	for _, s := range tr.Spans {
		if s.TraceID != traceHex {
			t.Errorf("%s: trace %s, want the session ID %s", s.Name, s.TraceID, traceHex)
		}
		if s.ParentSpanID != "" && !ids[s.ParentSpanID] {
			t.Errorf("%s: parent %s is not in the trace", s.Name, s.ParentSpanID)
		}
		if got := s.Attributes["agentops.session.id"]; got != run.session.String() {
			t.Errorf("%s: agentops.session.id = %v", s.Name, got)
		}
		for k, want := range map[string]any{
			"service.name": "agentops-e2e-export", "agentops.sdk.name": "agentops-go",
			"agentops.sdk.version": otelagentops.Version, "telemetry.sdk.language": "go",
		} {
			if got := s.ResourceAttributes[k]; got != want {
				t.Errorf("%s: resource %s = %v, want %v", s.Name, k, got, want)
			}
		}
		if s.ScopeName != otelagentops.ScopeName {
			t.Errorf("%s: scope %q", s.Name, s.ScopeName)
		}
	}

	roots := tr.Roots()
	if len(roots) != 1 {
		t.Fatalf("%d roots, want 1", len(roots))
	}
	root := roots[0]
	if root.Name != "research.session" || root.Kind != trace.SpanKindInternal || root.Status.Code != codes.Ok ||
		root.SpanID != run.session.RootSpanID().String() {
		t.Errorf("root %q kind %v status %+v span %s; want research.session, INTERNAL, Ok, %s",
			root.Name, root.Kind, root.Status, root.SpanID, run.session.RootSpanID())
	}
	for k, want := range map[string]any{
		"agentops.span.kind": "session", "agentops.session.end_state": "Success",
		"agentops.session.end_state_reason": "answered", "agentops.session.llm_calls": int64(1),
		"agentops.session.tool_calls": int64(1), "agentops.session.errors": int64(1),
		"agentops.session.total_tokens": int64(17),
	} {
		if got := root.Attributes[k]; got != want {
			t.Errorf("root %s = %#v, want %#v", k, got, want)
		}
	}
	if got := root.Attributes["agentops.tags"]; !equalAny(got, "e2e", "jaeger") {
		t.Errorf("root agentops.tags = %#v", got)
	}
	if n := len(tr.Children(root.SpanID)); n != 3 {
		t.Errorf("root has %d children, want 3", n)
	}

	llm, ok := tr.Span("chat gpt-4o")
	if !ok {
		t.Fatal("no LLM span")
	}
	if llm.Kind != trace.SpanKindClient || llm.SpanID != run.llm.SpanID().String() {
		t.Errorf("LLM span kind %v id %s", llm.Kind, llm.SpanID)
	}
	for k, want := range map[string]any{
		"gen_ai.usage.input_tokens": int64(12), "gen_ai.usage.output_tokens": int64(5),
		"gen_ai.provider.name": "openai", "gen_ai.operation.name": "chat",
		"gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06",
		"agentops.span.kind": "llm",
	} {
		if got := llm.Attributes[k]; got != want {
			t.Errorf("LLM %s = %#v, want %#v", k, got, want)
		}
	}
	if got := llm.Attributes["gen_ai.response.finish_reasons"]; !equalAny(got, "stop") {
		t.Errorf("LLM gen_ai.response.finish_reasons = %#v, want [stop]", got)
	}
	// The AgentOps vocabulary is the AgentOps exporter's view alone: an OTLP
	// backend receives each fact once, in OTel GenAI.
	for _, k := range []string{
		"gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens", "gen_ai.usage.total_tokens",
		"gen_ai.system", "gen_ai.request.type", "gen_ai.request.streaming", "gen_ai.response.finish_reason",
	} {
		if got, ok := llm.Attributes[k]; ok {
			t.Errorf("LLM %s = %#v, want it absent from the recording", k, got)
		}
	}
	if _, ok := llm.Attributes["gen_ai.request.stream"]; ok {
		t.Error("LLM gen_ai.request.stream is set on a call that did not stream")
	}
	tool, ok := tr.Span("execute_tool web_search")
	if !ok || tool.Status.Code != codes.Ok || tool.Kind != trace.SpanKindInternal || tool.Attributes["gen_ai.tool.name"] != "web_search" ||
		tool.Attributes["gen_ai.operation.name"] != "execute_tool" || tool.Attributes["agentops.span.kind"] != "tool" {
		t.Errorf("tool span %+v", tool)
	}
	if _, ok := tr.Span("web_search.tool"); ok {
		t.Error("a tool span is named web_search.tool, the AgentOps view's name, in the recording")
	}
	var errSpan backend.Span
	for _, s := range tr.Spans {
		if s.Status.Code == codes.Error {
			errSpan = s
		}
	}
	// A plain errors.New error's span is named "error".
	if errSpan.Name != "error" || errSpan.Status.Message != "rate limited" || errSpan.Attributes["agentops.error.trigger_span_id"] != run.llm.SpanID().String() {
		t.Errorf("error span %+v", errSpan)
	}
}
