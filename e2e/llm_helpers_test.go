package e2e_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"reflect"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

// llmRun is a session recorded through an injected provider, with the
// local LLM server the real clients talk to.
type llmRun struct {
	client  *otelagentops.Client
	rec     *tracetest.SpanRecorder
	session *otelagentops.Session
	ctx     context.Context // carries the session
	srv     *llmserver.Server
}

func newLLMRun(t *testing.T) *llmRun {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	proc := otelagentops.NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	c, err := otelagentops.New(t.Context(), otelagentops.WithTracerProvider(tp), otelagentops.WithSessionProcessor(proc),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, err := c.StartSession(context.Background(), otelagentops.WithSessionName("llm"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	return &llmRun{client: c, rec: rec, session: s, ctx: ctx, srv: llmserver.New(t)}
}

// spans returns the ended LLM call spans in end order, checking that each
// is a CLIENT child of the session root and carries the recording only:
// none of the AgentOps view's keys, which the AgentOps exporter alone writes.
func (r *llmRun) spans(t *testing.T) []sdktrace.ReadOnlySpan {
	t.Helper()
	var out []sdktrace.ReadOnlySpan
	root := r.session.SpanContext()
	for _, s := range r.rec.Ended() {
		if s.SpanKind() != trace.SpanKindClient {
			continue
		}
		if s.SpanContext().TraceID() != root.TraceID() || s.Parent().SpanID() != root.SpanID() {
			t.Errorf("span %q is not a child of the session root", s.Name())
		}
		llmWantRecordingOnly(t, s)
		out = append(out, s)
	}
	return out
}

// only returns the one LLM span, failing the test otherwise.
func (r *llmRun) only(t *testing.T) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := r.spans(t)
	if len(spans) != 1 {
		t.Fatalf("want 1 LLM span, got %d", len(spans))
	}
	return spans[0]
}

// llmWant checks attributes of the recorded span (the recording, which is
// also what any OTLP backend receives): string, int, bool, float64 and
// []string values.
func llmWant(t *testing.T, s sdktrace.ReadOnlySpan, kv map[attribute.Key]any) {
	t.Helper()
	wantAttrs(t, "span", s, kv)
}

// llmWantView checks attributes of the span as the AgentOps exporter sends
// it: exporter.AgentOpsView of the recorded span.
func llmWantView(t *testing.T, s sdktrace.ReadOnlySpan, kv map[attribute.Key]any) {
	t.Helper()
	wantAttrs(t, "AgentOps view of", exporter.AgentOpsView(s), kv)
}

func wantAttrs(t *testing.T, what string, s sdktrace.ReadOnlySpan, kv map[attribute.Key]any) {
	t.Helper()
	got := map[attribute.Key]any{}
	for _, a := range s.Attributes() {
		got[a.Key] = a.Value.AsInterface()
	}
	for k, v := range kv {
		if i, ok := v.(int); ok {
			v = int64(i)
		}
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s %q: %s = %#v (%T), want %#v", what, s.Name(), k, got[k], got[k], v)
		}
	}
}

// llmWantViewStatus checks the status code of the span as the AgentOps
// exporter sends it.
func llmWantViewStatus(t *testing.T, s sdktrace.ReadOnlySpan, code codes.Code) {
	t.Helper()
	if v := exporter.AgentOpsView(s); v.Status().Code != code {
		t.Errorf("AgentOps view of %q: status %v, want %v", v.Name(), v.Status(), code)
	}
}

// llmWantAbsent checks that the recorded span lacks each key.
func llmWantAbsent(t *testing.T, s sdktrace.ReadOnlySpan, keys ...attribute.Key) {
	t.Helper()
	for _, k := range keys {
		if llmHasAttr(s, k) {
			t.Errorf("span %q: has %s = %q, want it absent", s.Name(), k, llmAttr(s, k))
		}
	}
}

// viewOnlyKeys are the AgentOps view's LLM keys: never recorded.
var viewOnlyKeys = []attribute.Key{
	semconv.GenAISystemKey, semconv.GenAIRequestTypeKey, semconv.GenAIRequestStreamingKey,
	semconv.GenAIResponseFinishReasonKey, semconv.GenAIStreamingTimeToFirstTokenKey,
	semconv.GenAIUsagePromptTokensKey, semconv.GenAIUsageCompletionTokensKey, semconv.GenAIUsageTotalTokensKey,
	semconv.GenAIUsageCacheReadInputTokensKey, semconv.GenAIUsageCacheCreationInputTokensKey,
	semconv.GenAIUsageReasoningTokensKey, semconv.GenAIUsageTotalCostKey, semconv.OperationNameKey,
}

// llmWantRecordingOnly checks that the recorded span carries none of the
// AgentOps view's keys: not the view's LLM keys, and no indexed content
// (gen_ai.prompt.N.* / gen_ai.completion.N.*).
func llmWantRecordingOnly(t *testing.T, s sdktrace.ReadOnlySpan) {
	t.Helper()
	llmWantAbsent(t, s, viewOnlyKeys...)
	for _, a := range s.Attributes() {
		if k := string(a.Key); strings.HasPrefix(k, "gen_ai.prompt.") || strings.HasPrefix(k, "gen_ai.completion.") {
			t.Errorf("span %q: has the indexed content key %s, which only the AgentOps view writes", s.Name(), k)
		}
	}
}

// llmMsg is a message of one text part as the recording writes it in
// gen_ai.input.messages and gen_ai.output.messages; finish is the output
// message's schema finish reason ("" for an input message).
func llmMsg(role, content, finish string) map[string]any {
	m := map[string]any{"role": role, "parts": []any{map[string]any{"type": "text", "content": content}}}
	if finish != "" {
		m["finish_reason"] = finish
	}
	return m
}

// llmToolCall is a tool_call part as the recording writes it: arguments
// are the JSON value itself.
func llmToolCall(id, name, arguments string) map[string]any {
	var args any
	if err := json.Unmarshal([]byte(arguments), &args); err != nil {
		panic(err)
	}
	return map[string]any{"type": "tool_call", "id": id, "name": name, "arguments": args}
}

// llmToolResult is a tool result message as the recording writes it.
func llmToolResult(id, response string) map[string]any {
	return map[string]any{"role": "tool", "parts": []any{
		map[string]any{"type": "tool_call_response", "id": id, "response": response}}}
}

// llmWantJSON checks that the recorded span's key holds JSON equal to want
// (marshalled), whatever the key order or spacing.
func llmWantJSON(t *testing.T, s sdktrace.ReadOnlySpan, key attribute.Key, want any) {
	t.Helper()
	raw := llmAttr(s, key)
	var got any
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Errorf("span %q: %s = %q is not JSON: %v", s.Name(), key, raw, err)
		return
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var w any
	_ = json.Unmarshal(b, &w)
	if !reflect.DeepEqual(got, w) {
		t.Errorf("span %q: %s =\n  %s\nwant\n  %s", s.Name(), key, raw, b)
	}
}

// llmWantStatus checks the span's status code.
func llmWantStatus(t *testing.T, s sdktrace.ReadOnlySpan, code codes.Code) {
	t.Helper()
	if s.Status().Code != code {
		t.Errorf("span %q: status %v, want %v", s.Name(), s.Status(), code)
	}
}

// llmWantCost checks the session's cost against the price table's for the
// model and usage, to a relative 1e-9.
func llmWantCost(t *testing.T, st otelagentops.Stats, model string, u pricing.Usage) {
	t.Helper()
	c := pricing.Default().Cost(model, "", u)
	if !c.Priced || c.USD <= 0 {
		t.Fatalf("model %q is not priced", model)
	}
	if math.Abs(st.CostUSD-c.USD) > 1e-9*c.USD {
		t.Errorf("session cost %g, want %g for %s", st.CostUSD, c.USD, model)
	}
}

// llmAttr returns the string value of key on s ("" when absent).
func llmAttr(s sdktrace.ReadOnlySpan, key attribute.Key) string {
	for _, a := range s.Attributes() {
		if a.Key == key {
			return a.Value.String()
		}
	}
	return ""
}

// llmHasAttr reports whether s has key.
func llmHasAttr(s sdktrace.ReadOnlySpan, key attribute.Key) bool {
	for _, a := range s.Attributes() {
		if a.Key == key {
			return true
		}
	}
	return false
}

// The attribute keys every LLM span is checked on: the recording's (what
// the spans carry, and any OTLP backend receives)...
var (
	keyProvider   = semconv.GenAIProviderNameKey
	keyOperation  = semconv.GenAIOperationNameKey
	keyReqModel   = semconv.GenAIRequestModelKey
	keyRespModel  = semconv.GenAIResponseModelKey
	keyInput      = semconv.GenAIUsageInputTokensKey
	keyOutput     = semconv.GenAIUsageOutputTokensKey
	keyCacheRead  = semconv.GenAIUsageCacheReadTokensKey
	keyCacheWrite = semconv.GenAIUsageCacheCreationTokensKey
	keyFinishes   = semconv.GenAIResponseFinishReasonsKey
	keyStream     = semconv.GenAIRequestStreamKey
	keyTTFC       = semconv.GenAIResponseTimeToFirstChunkKey
	keySysInstr   = semconv.GenAISystemInstructionsKey
	keyInMsgs     = semconv.GenAIInputMessagesKey
	keyOutMsgs    = semconv.GenAIOutputMessagesKey
	keyIncomplete = semconv.AgentOpsStreamIncompleteKey
	keyErrorType  = semconv.ErrorTypeKey
	keyStatus     = semconv.HTTPResponseStatusCodeKey
	keyResend     = semconv.HTTPRequestResendCountKey
)

// ...and the AgentOps view's (what the AgentOps exporter sends).
var (
	keySystem         = semconv.GenAISystemKey
	keyRequestType    = semconv.GenAIRequestTypeKey
	keyStreaming      = semconv.GenAIRequestStreamingKey
	keyTTFT           = semconv.GenAIStreamingTimeToFirstTokenKey
	keyPrompt         = semconv.GenAIUsagePromptTokensKey
	keyCompletion     = semconv.GenAIUsageCompletionTokensKey
	keyTotal          = semconv.GenAIUsageTotalTokensKey
	keyViewCacheRead  = semconv.GenAIUsageCacheReadInputTokensKey
	keyViewCacheWrite = semconv.GenAIUsageCacheCreationInputTokensKey
	keyFinish         = semconv.GenAIResponseFinishReasonKey
)
