package otelagentops

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// TestStartToolCallOtherConvention: a tool call recorded in another
// convention too (an MCP tools/call) keeps its name, kind and keys, is still
// one tool call, and its input goes through the redactor.
func TestStartToolCallOtherConvention(t *testing.T) {
	r := newRecorded(t, WithRedactor(func(_ ContentKind, s string) string { return strings.ToUpper(s) }))
	ctx, s, _ := r.client.StartSession(context.Background())
	_, tc, err := r.client.StartToolCall(ctx, Tool{
		Name: "get_weather", Input: map[string]string{"city": "paris"},
		SpanName: "tools/call get_weather", SpanKind: trace.SpanKindClient,
		Attributes: []attribute.KeyValue{
			attribute.String("mcp.method.name", "tools/call"),
			attribute.String("gen_ai.tool.name", "overridden"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	tc.End("sunny", nil)
	sp := r.span(t, "tools/call get_weather")
	if sp.SpanKind() != trace.SpanKindClient {
		t.Errorf("kind %v, want client", sp.SpanKind())
	}
	for key, want := range map[string]any{
		"mcp.method.name": "tools/call", "gen_ai.tool.name": "get_weather", "agentops.span.kind": "tool",
		"gen_ai.tool.call.arguments": `{"CITY":"PARIS"}`, "gen_ai.tool.call.result": "SUNNY",
	} {
		if got := attrAny(sp, key); got != want {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
	if st := s.Stats(); st.ToolCalls != 1 || st.LLMCalls != 0 {
		t.Errorf("stats %+v, want one tool call", st)
	}
	if _, _, err := (*Client)(nil).StartToolCall(context.Background(), Tool{Name: "x"}); err == nil {
		t.Error("StartToolCall on a nil client with no session: no error")
	}
}

// TestToolCallFromContext: the context StartTool returns carries the call
// until it ends.
func TestToolCallFromContext(t *testing.T) {
	r := newRecorded(t)
	ctx, _, _ := r.client.StartSession(context.Background())
	if ToolCallFromContext(ctx) != nil {
		t.Fatal("a tool call in a context that has none")
	}
	tctx, tc, _ := r.client.StartTool(ctx, "search", "q")
	if got := ToolCallFromContext(context.WithValue(tctx, otherKey{}, 1)); got != tc {
		t.Errorf("ToolCallFromContext = %v, want the open call", got)
	}
	tc.End("r", nil)
	if ToolCallFromContext(tctx) != nil {
		t.Error("an ended tool call is still found")
	}
}

type otherKey struct{}
