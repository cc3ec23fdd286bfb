package e2e_test

import (
	"context"
	"log/slog"
	"math"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
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
// is a CLIENT child of the session root.
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

// llmWant checks span attributes: string, int, bool and float64 values.
func llmWant(t *testing.T, s sdktrace.ReadOnlySpan, kv map[attribute.Key]any) {
	t.Helper()
	got := map[attribute.Key]any{}
	for _, a := range s.Attributes() {
		got[a.Key] = a.Value.AsInterface()
	}
	for k, v := range kv {
		if i, ok := v.(int); ok {
			v = int64(i)
		}
		if got[k] != v {
			t.Errorf("span %q: %s = %v (%T), want %v", s.Name(), k, got[k], got[k], v)
		}
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
			return a.Value.Emit()
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

// The attribute keys every LLM span is checked on.
var (
	keyProvider   = semconv.GenAIProviderNameKey
	keySystem     = semconv.GenAISystemKey
	keyReqModel   = semconv.GenAIRequestModelKey
	keyRespModel  = semconv.GenAIResponseModelKey
	keyInput      = semconv.GenAIUsageInputTokensKey
	keyPrompt     = semconv.GenAIUsagePromptTokensKey
	keyOutput     = semconv.GenAIUsageOutputTokensKey
	keyTotal      = semconv.GenAIUsageTotalTokensKey
	keyCacheRead  = semconv.GenAIUsageCacheReadTokensKey
	keyCacheWrite = semconv.GenAIUsageCacheCreationTokensKey
	keyFinish     = semconv.GenAIResponseFinishReasonKey
	keyStream     = semconv.GenAIRequestStreamKey
	keyIncomplete = semconv.AgentOpsStreamIncompleteKey
	keyErrorType  = semconv.ErrorTypeKey
	keyStatus     = semconv.HTTPResponseStatusCodeKey
	keyResend     = semconv.HTTPRequestResendCountKey
)
