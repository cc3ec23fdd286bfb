package exporter

import (
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/recording"
	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// TestAgentOpsViewFailedCallCountsOnce: of a failed tools/call's two
// spans, the caller's keeps status Error in the view and the handler's
// SERVER span under it (remote parent) reads Unset, its error.type kept
// and its description moved to error.message; the recorded span is not
// changed, and the view of the view is the view.
func TestAgentOpsViewFailedCallCountsOnce(t *testing.T) {
	client, server := recording.FailedToolCall(5)
	if v := viewOfStub(client); v.Status().Code != codes.Error {
		t.Errorf("the caller's span: status %+v, want Error", v.Status())
	}
	orig := tracetest.SpanStubs{server}.Snapshots()[0]
	before := slices.Clone(orig.Attributes())
	v := AgentOpsView(orig)
	if v.Status() != (sdktrace.Status{}) {
		t.Errorf("the handler's span: status %+v, want Unset without a description", v.Status())
	}
	m, _ := attrMap(v)
	if m["error.type"].AsString() != "tool_error" || m["error.message"].AsString() != "station offline" ||
		m["agentops.span.kind"].AsString() != "task" || len(genAIKeys(v)) != 0 {
		t.Errorf("the handler's span in the view: %v", v.Attributes())
	}
	if twice := AgentOpsView(v); twice != v {
		t.Errorf("the view of the view differs: %v %+v", twice.Attributes(), twice.Status())
	}
	if orig.Status().Code != codes.Error || !slices.Equal(orig.Attributes(), before) {
		t.Error("the recorded span was changed")
	}
}

// TestAgentOpsViewKeepsOtherFailures: every failed span but a SERVER span
// under a remote caller keeps status Error, and a span's own error.message
// is not overwritten.
func TestAgentOpsViewKeepsOtherFailures(t *testing.T) {
	remote := func(id trace.SpanID) trace.SpanContext {
		return trace.NewSpanContext(trace.SpanContextConfig{TraceID: recording.TraceID, SpanID: id, TraceFlags: trace.FlagsSampled, Remote: true})
	}
	_, server := recording.FailedToolCall(5)
	local := server
	local.Parent = recording.SC(5)
	underRoot := server
	underRoot.Parent = remote(spanclass.SessionRootID(recording.TraceID))
	internal := server
	internal.SpanKind = trace.SpanKindInternal
	clientRemote := server
	clientRemote.SpanKind = trace.SpanKindClient
	for name, stub := range map[string]tracetest.SpanStub{
		"SERVER under a local parent": local, "SERVER under the remote session root": underRoot,
		"INTERNAL under a remote parent": internal, "CLIENT under a remote parent": clientRemote,
		"session root": recordedRoot(codes.Error), "tool": recordedTool(codes.Error), "error": recordedError("timeout.error"),
	} {
		if got := viewOfStub(stub).Status(); got.Code != codes.Error || got.Description == "" {
			t.Errorf("%s: status %+v, want Error with its description", name, got)
		}
	}

	own := server
	own.Attributes = append(slices.Clone(own.Attributes), semconv.ErrorMessage("the handler's own message"))
	v := viewOfStub(own)
	if m, dup := attrMap(v); m["error.message"].AsString() != "the handler's own message" || len(dup) != 0 {
		t.Errorf("error.message %q (duplicates %v), want the span's own", m["error.message"].AsString(), dup)
	}
	// An LLM call served under a remote caller: Unset, never Ok.
	llm := recordedLLM()
	llm.SpanKind, llm.Parent = trace.SpanKindServer, remote(trace.SpanID{9})
	llm.Status = sdktrace.Status{Code: codes.Error, Description: "overloaded"}
	if got := viewOfStub(llm).Status(); got.Code != codes.Unset {
		t.Errorf("a failed LLM SERVER span under a remote caller: status %+v, want Unset", got)
	}
}

// TestAgentOpsExporterCountsAFailedCallOnce: on the AgentOps dashboard
// (exportertest.ReadDashboard over what the AgentOps exporter sends), a
// session whose one tools/call failed on both sides has one error and one
// tool call; the handler's span still shows error.type and error.message.
func TestAgentOpsExporterCountsAFailedCallOnce(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	e := newAgentOps(t, srv)
	client, server := recording.FailedToolCall(5)
	if err := e.ExportSpans(t.Context(), tracetest.SpanStubs{recordedRoot(codes.Ok), client, server}.Snapshots()); err != nil {
		t.Fatal(err)
	}
	d := exportertest.ReadDashboard(srv.Accepted())
	if d.Errors != 1 || d.Status != "ERROR" || d.ToolCalls != 1 || d.LLMCalls != 0 {
		t.Errorf("dashboard: %d errors (%s), %d tool calls, %d LLM calls; want 1 error, 1 tool call, no LLM call",
			d.Errors, d.Status, d.ToolCalls, d.LLMCalls)
	}
	for _, v := range d.Spans {
		if !strings.HasPrefix(v.Span.GetName(), "tools/call") {
			continue
		}
		keys := map[string]string{}
		for _, kv := range v.Span.GetAttributes() {
			keys[kv.GetKey()] = kv.GetValue().GetStringValue()
		}
		if keys["error.type"] != "tool_error" || keys["error.message"] != "station offline" {
			t.Errorf("the handler's span %q on the dashboard: %v", v.Span.GetName(), keys)
		}
	}
}
