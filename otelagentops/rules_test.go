package otelagentops

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/semconv"
)

func TestOneActiveSessionByDefault(t *testing.T) {
	r := newRecorded(t)
	ctx := context.Background()
	_, first, err := r.client.StartSession(ctx, WithSessionName("first"))
	if err != nil {
		t.Fatal(err)
	}
	_, second, err := r.client.StartSession(ctx)
	if !errors.Is(err, ErrSessionActive) || second != nil {
		t.Fatalf("second StartSession: %v, %v; want ErrSessionActive", second, err)
	}
	if !strings.Contains(err.Error(), first.ID().String()) || !strings.Contains(err.Error(), "first") {
		t.Errorf("error %q does not name the active session", err)
	}
	if err := first.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.client.StartSession(ctx); err != nil {
		t.Errorf("StartSession after End: %v", err)
	}
}

func TestEndStateRules(t *testing.T) {
	r := newRecorded(t)
	ctx, s, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []semconv.EndState{"", "success", "Failed", "Unknown"} {
		if err := s.End(ctx, bad); !errors.Is(err, ErrInvalidEndState) {
			t.Errorf("End(%q) = %v, want ErrInvalidEndState", bad, err)
		}
	}
	if s.Ended() || len(r.rec.Ended()) != 0 {
		t.Fatal("an invalid end state ended the session")
	}
	if err := r.client.RecordAction(ctx, Action{Type: "still-open"}); err != nil {
		t.Errorf("recording after a refused End: %v", err)
	}
	if err := s.End(ctx, semconv.EndStateFail, WithReason("tool broke")); err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, semconv.EndStateSuccess); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("second End = %v, want ErrSessionEnded", err)
	}
	root := r.span(t, "default.session")
	if root.Status().Code != codes.Error || root.Status().Description != "tool broke" {
		t.Errorf("Fail status = %+v, want Error with the reason", root.Status())
	}
	if got := attr(t, root, semconv.AgentOpsSessionEndStateKey).AsString(); got != "Fail" {
		t.Errorf("end state %q", got)
	}
	if err := r.client.RecordAction(ctx, Action{Type: "late"}); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("recording into an ended session = %v, want ErrSessionEnded", err)
	}
}

func TestIndeterminateLeavesStatusUnset(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	if err := s.End(ctx, semconv.EndStateIndeterminate); err != nil {
		t.Fatal(err)
	}
	if st := r.span(t, "default.session").Status(); st.Code != codes.Unset {
		t.Errorf("status %+v, want Unset", st)
	}
}

func TestRecordingWithoutSession(t *testing.T) {
	r := newRecorded(t)
	ctx := context.Background()
	checks := map[string]func() error{
		"RecordAction": func() error { return r.client.RecordAction(ctx, Action{Type: "x"}) },
		"RecordTool":   func() error { return r.client.RecordTool(ctx, Tool{Name: "x"}) },
		"RecordError":  func() error { return r.client.RecordError(ctx, errors.New("x")) },
		"RecordLLM":    func() error { return r.client.RecordLLM(ctx, LLMRequest{Model: "m"}, LLMResponse{}, nil) },
		"StartLLM": func() error {
			_, call, err := r.client.StartLLM(ctx, LLMRequest{})
			call.End(LLMResponse{}, nil) // nil call: must not panic
			return err
		},
		"StartTool": func() error {
			_, call, err := r.client.StartTool(ctx, "x", nil)
			call.End(nil, nil)
			return err
		},
		"StartAgent": func() error {
			_, sp, err := r.client.StartAgent(ctx, "x", nil)
			sp.End(nil, nil)
			return err
		},
	}
	for name, call := range checks {
		if err := call(); !errors.Is(err, ErrNoActiveSession) {
			t.Errorf("%s without a session = %v, want ErrNoActiveSession", name, err)
		}
	}
	if n := len(r.rec.Ended()); n != 0 {
		t.Errorf("%d spans recorded without a session", n)
	}
}

func TestConcurrentSessionsNeedTheContext(t *testing.T) {
	r := newRecorded(t, WithConcurrentSessions())
	ctxA, a, err := r.client.StartSession(context.Background(), WithSessionName("a"))
	if err != nil {
		t.Fatal(err)
	}
	ctxB, b, err := r.client.StartSession(context.Background(), WithSessionName("b"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.client.RecordAction(context.Background(), Action{Type: "lost"}); !errors.Is(err, ErrAmbiguousSession) {
		t.Errorf("no session in ctx, two active: %v, want ErrAmbiguousSession", err)
	}
	if err := r.client.RecordAction(ctxA, Action{Type: "for-a"}); err != nil {
		t.Fatal(err)
	}
	if err := r.client.RecordAction(ctxB, Action{Type: "for-b"}); err != nil {
		t.Fatal(err)
	}
	if a.Stats().Actions != 1 || b.Stats().Actions != 1 {
		t.Errorf("actions a=%d b=%d, want 1 each", a.Stats().Actions, b.Stats().Actions)
	}
	if got := r.span(t, "for-a.action").SpanContext().TraceID(); got != a.ID().TraceID() {
		t.Errorf("for-a landed in trace %s, want %s", got, a.ID())
	}
	_ = a.End(ctxA, semconv.EndStateSuccess)
	if err := r.client.RecordAction(context.Background(), Action{Type: "only-b"}); err != nil {
		t.Errorf("one active session left, no ctx: %v", err)
	}
	_ = b.End(ctxB, semconv.EndStateSuccess)
}

func TestShutdownEndsActiveSessionIndeterminate(t *testing.T) {
	r := newRecorded(t)
	_, s, _ := r.client.StartSession(context.Background())
	if err := r.client.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.client.Shutdown(context.Background()); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
	root := r.span(t, "default.session")
	if got := attr(t, root, semconv.AgentOpsSessionEndStateKey).AsString(); got != "Indeterminate" {
		t.Errorf("end state %q, want Indeterminate", got)
	}
	if got := attr(t, root, semconv.AgentOpsSessionEndStateReasonKey).AsString(); !strings.Contains(got, "never ended") &&
		!strings.Contains(got, "without ending") {
		t.Errorf("reason %q does not say the session was never ended", got)
	}
	if !s.Ended() {
		t.Error("session still open after Shutdown")
	}
	if _, _, err := r.client.StartSession(context.Background()); !errors.Is(err, ErrShutdown) {
		t.Errorf("StartSession after Shutdown = %v, want ErrShutdown", err)
	}
	if err := r.client.ForceFlush(context.Background()); err != nil {
		t.Errorf("ForceFlush after Shutdown = %v, want a no-op", err)
	}
}

func TestTagsWhileRunning(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background(), WithTags("a"))
	_ = s.AddTags("b", "a", "")
	if got := strings.Join(s.Tags(), ","); got != "a,b" {
		t.Errorf("after AddTags: %s", got)
	}
	_ = s.SetTags("x", "y")
	_ = s.End(ctx, semconv.EndStateSuccess)
	if got := attr(t, r.span(t, "default.session"), semconv.AgentOpsTagsKey).AsStringSlice(); strings.Join(got, ",") != "x,y" {
		t.Errorf("exported tags %v, want x,y", got)
	}
	if err := s.AddTags("late"); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("AddTags after End = %v", err)
	}
}

func TestEnvDataOptOutLeavesNoHostData(t *testing.T) {
	hostKeys := []string{"host.", "os.", "process.", "cpu.", "memory."}
	for _, optOut := range []bool{false, true} {
		var opts []Option
		if optOut {
			opts = append(opts, WithoutEnvData())
		}
		r := newRecorded(t, opts...)
		ctx, s, _ := r.client.StartSession(context.Background())
		_ = s.End(ctx, semconv.EndStateSuccess)
		found := 0
		for _, kv := range r.span(t, "default.session").Attributes() {
			for _, prefix := range hostKeys {
				if strings.HasPrefix(string(kv.Key), prefix) {
					found++
				}
			}
		}
		if optOut && found != 0 {
			t.Errorf("opted out, yet %d host attributes were recorded", found)
		}
		if !optOut && found < 5 {
			t.Errorf("host environment has %d attributes, want at least 5", found)
		}
	}
}

// TestStatsCountForeignSpans: spans another instrumentation starts in the
// session's trace count by their attributes alone.
func TestStatsCountForeignSpans(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	foreign := r.client.TracerProvider().Tracer("someone-else")
	_, llm := foreign.Start(ctx, "chat gpt-4o-mini")
	llm.SetAttributes(semconv.GenAIProviderName("openai"), semconv.GenAIResponseModel("gpt-4o-mini"),
		semconv.GenAIUsageInputTokens(1000), semconv.GenAIUsageOutputTokens(500))
	llm.End()
	_, tool := foreign.Start(ctx, "search")
	tool.SetAttributes(semconv.GenAIToolName("search"))
	tool.SetStatus(codes.Error, "boom")
	tool.End()
	_, unknown := foreign.Start(ctx, "chat mystery")
	unknown.SetAttributes(semconv.GenAIRequestModel("mystery-model-9000"), semconv.GenAIUsageInputTokens(10))
	unknown.End()

	st := s.Stats()
	if st.LLMCalls != 2 || st.ToolCalls != 1 || st.Errors != 1 || st.InputTokens != 1010 || st.OutputTokens != 500 {
		t.Errorf("stats %+v", st)
	}
	if st.CostUSD <= 0 || st.UnpricedLLMCalls != 1 {
		t.Errorf("cost %v with %d unpriced, want a positive cost and 1 unpriced", st.CostUSD, st.UnpricedLLMCalls)
	}
	for _, sp := range r.rec.Ended() {
		if got := attr(t, sp, semconv.AgentOpsSessionIDKey).AsString(); got != s.ID().String() {
			t.Errorf("span %q stamped %q", sp.Name(), got)
		}
	}
	_ = s.End(ctx, semconv.EndStateSuccess)
	root := r.span(t, "default.session")
	if got := attr(t, root, semconv.AgentOpsSessionLLMCallsKey).AsInt64(); got != 2 {
		t.Errorf("llm_calls on the root = %d", got)
	}
	if !strings.Contains(r.logs.String(), "Session Stats - Duration: ") || !strings.Contains(r.logs.String(), "LLMs: 2 | Tools: 1 | Actions: 0 | Errors: 1") {
		t.Errorf("summary line missing from the log:\n%s", r.logs.String())
	}
}

var _ sdktrace.SpanProcessor = (*SessionProcessor)(nil)

// TestStatsAgreeWithTheAgentOpsView records spans of other instrumentation
// in shapes the two readers could tell apart (an AgentOps kind the SDK does
// not record, an operation without an action type, an agent named by its
// keys): each counts as an LLM call in the stats exactly when its AgentOps
// view keeps gen_ai.* keys, which is what the dashboard counts.
func TestStatsAgreeWithTheAgentOpsView(t *testing.T) {
	for _, tc := range []struct {
		name  string
		attrs []attribute.KeyValue
	}{
		{"http kind with a model", []attribute.KeyValue{semconv.AgentOpsSpanKind("http"), semconv.GenAIRequestModel("gpt-4o")}},
		{"chain kind without GenAI keys", []attribute.KeyValue{semconv.AgentOpsSpanKind("chain")}},
		{"operation without an action type", []attribute.KeyValue{semconv.AgentOpsSpanKind("operation"), semconv.GenAIRequestModel("m")}},
		{"invoke_agent with a provider", []attribute.KeyValue{semconv.GenAIOperationName("invoke_agent"), semconv.GenAIProviderName("openai")}},
		{"model only", []attribute.KeyValue{semconv.GenAIResponseModel("m")}},
		{"tool keys and a model", []attribute.KeyValue{semconv.GenAIToolName("t"), semconv.GenAIRequestModel("m")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecorded(t)
			ctx, s, _ := r.client.StartSession(context.Background())
			_, sp := r.client.TracerProvider().Tracer("someone-else").Start(ctx, "foreign", trace.WithAttributes(tc.attrs...))
			sp.End()
			view := exporter.AgentOpsView(r.span(t, "foreign"))
			dashboardLLM := false
			for _, kv := range view.Attributes() {
				dashboardLLM = dashboardLLM || strings.HasPrefix(string(kv.Key), "gen_ai.")
			}
			if statsLLM := s.Stats().LLMCalls == 1; statsLLM != dashboardLLM {
				t.Errorf("stats count an LLM call: %v; the AgentOps view keeps gen_ai.* keys: %v (%v)", statsLLM, dashboardLLM, view.Attributes())
			}
		})
	}
}
