package mcpspan

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace"
)

func TestMetaRoundTrip(t *testing.T) {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1, 2, 3}, SpanID: trace.SpanID{4, 5}, TraceFlags: trace.FlagsSampled,
	})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)
	own := map[string]any{"progressToken": 7.0}
	meta, ok := InjectMeta(ctx, own)
	if !ok || len(own) != 1 {
		t.Fatalf("InjectMeta: ok %v, own map changed to %v", ok, own)
	}
	if tp, _ := meta["traceparent"].(string); !strings.HasPrefix(tp, "00-01020300") || meta["progressToken"] != 7.0 {
		t.Errorf("meta %v", meta)
	}
	got := trace.SpanContextFromContext(ExtractMeta(context.Background(), meta))
	if got.TraceID() != sc.TraceID() || got.SpanID() != sc.SpanID() || !got.IsRemote() {
		t.Errorf("extracted %v, want %v", got, sc)
	}
}

func TestMetaWithoutTraceContext(t *testing.T) {
	if meta, ok := InjectMeta(context.Background(), nil); ok || meta != nil {
		t.Errorf("InjectMeta with no span: %v, %v", meta, ok)
	}
	for _, meta := range []map[string]any{nil, {"traceparent": 42.0}, {"traceparent": "garbage"}} {
		if sc := trace.SpanContextFromContext(ExtractMeta(context.Background(), meta)); sc.IsValid() {
			t.Errorf("ExtractMeta(%v) = %v, want none", meta, sc)
		}
	}
}

func TestSpanName(t *testing.T) {
	for _, tc := range []struct {
		r    Request
		want string
	}{
		{Request{Method: "tools/call", ToolName: "get_weather"}, "tools/call get_weather"},
		{Request{Method: "prompts/get", PromptName: "greet"}, "prompts/get greet"},
		{Request{Method: "resources/read", ResourceURI: "file:///x"}, "resources/read"},
		{Request{Method: "initialize"}, "initialize"},
	} {
		if got := tc.r.SpanName(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestToolErrorText(t *testing.T) {
	o := Outcome{ToolError: true, ToolErrorText: strings.Repeat("é", 1000)}
	if e := o.toolError(false); e.Error() != "the tool returned an error result" {
		t.Errorf("capture off: %q", e.Error())
	}
	e := o.toolError(true).Error()
	if len(e) > maxErrorText || !strings.HasPrefix(e, "éé") || strings.ContainsRune(e, '\uFFFD') {
		t.Errorf("capture on: %d bytes, cut inside a rune: %v", len(e), strings.ContainsRune(e, '\uFFFD'))
	}
}
