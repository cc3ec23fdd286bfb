package otelagentops

import (
	"context"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// TestNonFiniteNumbersAreDroppedAndCounted: a NaN or infinite parameter or
// cost is not recorded (no backend, and no JSON document, takes one), is
// counted in Stats.DroppedValues, and never reaches the session's cost.
func TestNonFiniteNumbersAreDroppedAndCounted(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	nan, inf := math.NaN(), math.Inf(1)
	req := LLMRequest{Model: "gpt-4o-mini", Temperature: &nan, TopP: &inf, TopK: new(40.0), FrequencyPenalty: new(math.Inf(-1))}
	if err := r.client.RecordLLM(ctx, req, LLMResponse{Usage: Usage{InputTokens: 10, OutputTokens: 5}, CostUSD: &nan}, nil); err != nil {
		t.Fatal(err)
	}
	sp := r.span(t, "chat gpt-4o-mini")
	for _, key := range []attribute.Key{semconv.GenAIRequestTemperatureKey, semconv.GenAIRequestTopPKey,
		semconv.GenAIRequestFrequencyPenaltyKey, semconv.AgentOpsLLMCostUSDKey} {
		if hasAttr(sp, key) {
			t.Errorf("non-finite %s recorded", key)
		}
	}
	if attr(t, sp, semconv.GenAIRequestTopKKey).AsFloat64() != 40 {
		t.Error("a finite parameter beside them was lost")
	}
	st := s.Stats()
	if st.DroppedValues != 4 || math.IsNaN(st.CostUSD) || st.CostUSD <= 0 {
		t.Errorf("stats %+v: want 4 dropped values and the call priced from the table", st)
	}

	// Another instrumentation's span in the session, with a NaN cost.
	_, foreign := r.client.TracerProvider().Tracer("someone-else").Start(ctx, "chat other",
		trace.WithAttributes(semconv.GenAIOperationName("chat"), semconv.GenAIUsageTotalCost(math.NaN())))
	foreign.End()
	if st := s.Stats(); st.DroppedValues != 5 || math.IsNaN(st.CostUSD) || st.String() == "" {
		t.Errorf("stats %+v after a foreign NaN cost: want 5 dropped, a finite cost", st)
	}
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.DroppedValues != 5 || math.IsNaN(st.CostUSD) {
		t.Errorf("final stats %+v", st)
	}
	if !strings.Contains(r.logs.String(), "dropped_values=5") {
		t.Errorf("End logged no warning of the dropped values:\n%s", r.logs.String())
	}
}

// TestNonFiniteCostStillWritesTheSessionFile: with the offline session
// sink, a NaN cost used to fail the document ("json: unsupported value:
// NaN") so that no file was written.
func TestNonFiniteCostStillWritesTheSessionFile(t *testing.T) {
	dir := t.TempDir()
	c, err := New(context.Background(), WithSessionDir(dir), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, err := c.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	_ = c.RecordLLM(ctx, LLMRequest{Model: "gpt-4o", Temperature: &nan}, LLMResponse{CostUSD: &nan}, nil)
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, s.ID().String()+".json")); err != nil {
		t.Errorf("no session file: %v", err)
	}
}

// TestTokenCountsSaturateAndNegativesAreDropped: MaxInt64 tokens used to
// wrap the session total to a negative number, and negative counts were
// subtracted from the session.
func TestTokenCountsSaturateAndNegativesAreDropped(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	huge := Usage{InputTokens: math.MaxInt64, OutputTokens: math.MaxInt64}
	_ = r.client.RecordLLM(ctx, LLMRequest{Model: "no-such-model"}, LLMResponse{Usage: huge}, nil)
	_ = r.client.RecordLLM(ctx, LLMRequest{Model: "no-such-model"}, LLMResponse{Usage: huge}, nil)
	st := s.Stats()
	if st.InputTokens != math.MaxInt64 || st.OutputTokens != math.MaxInt64 || st.TotalTokens != math.MaxInt64 {
		t.Errorf("stats %+v: want every token sum saturated at MaxInt64", st)
	}

	r2 := newRecorded(t)
	ctx, s, _ = r2.client.StartSession(context.Background())
	_ = r2.client.RecordLLM(ctx, LLMRequest{Model: "m1"}, LLMResponse{Usage: Usage{InputTokens: 100, OutputTokens: 10}}, nil)
	neg := Usage{InputTokens: -1000, OutputTokens: 7, CacheReadTokens: -1, ReasoningTokens: -2, TotalTokens: -3}
	_ = r2.client.RecordLLM(ctx, LLMRequest{Model: "m2"}, LLMResponse{Usage: neg}, nil)
	if sp := r2.span(t, "chat m2"); hasAttr(sp, semconv.GenAIUsageInputTokensKey) {
		t.Errorf("negative input tokens recorded: %v", attr(t, sp, semconv.GenAIUsageInputTokensKey).String())
	}
	_, foreign := r2.client.TracerProvider().Tracer("someone-else").Start(ctx, "chat other",
		trace.WithAttributes(semconv.GenAIOperationName("chat"), semconv.GenAIUsagePromptTokens(-50),
			attribute.Float64(string(semconv.GenAIUsageCompletionTokensKey), math.NaN())))
	foreign.End()
	st = s.Stats()
	if st.InputTokens != 100 || st.OutputTokens != 17 || st.TotalTokens != 117 || st.CacheReadTokens != 0 || st.DroppedValues != 6 {
		t.Errorf("stats %+v: want 100 in, 17 out, 117 total, 6 dropped", st)
	}
}
