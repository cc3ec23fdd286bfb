package semconv_test

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	upstream "go.opentelemetry.io/otel/semconv/v1.41.0"
	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestBothVocabularies(t *testing.T) {
	for _, tc := range []struct {
		got  attribute.KeyValue
		want attribute.KeyValue
	}{
		{semconv.GenAIUsagePromptTokens(3), attribute.Int("gen_ai.usage.prompt_tokens", 3)},
		{semconv.GenAIUsageInputTokens(3), upstream.GenAIUsageInputTokens(3)},
		{semconv.GenAIUsageCacheReadTokens(2), attribute.Int("gen_ai.usage.cache_read.input_tokens", 2)},
		{semconv.AgentOpsTags([]string{"a"}), attribute.StringSlice("agentops.tags", []string{"a"})},
		{semconv.SpanKindLLM.Attribute(), attribute.String("agentops.span.kind", "llm")},
		{semconv.GenAIRequestTemperature(0.5), attribute.Float64("gen_ai.request.temperature", 0.5)},
		{semconv.AgentOpsSessionInherited(true), attribute.Bool("agentops.session.inherited", true)},
	} {
		if tc.got != tc.want {
			t.Errorf("got %v, want %v", tc.got, tc.want)
		}
	}
}

func TestIndexedContentKeys(t *testing.T) {
	if got := semconv.GenAIPromptContentKey(2); got != "gen_ai.prompt.2.content" {
		t.Errorf("GenAIPromptContentKey(2) = %q", got)
	}
	if got := semconv.GenAICompletionFinishReasonKey(0); got != "gen_ai.completion.0.finish_reason" {
		t.Errorf("GenAICompletionFinishReasonKey(0) = %q", got)
	}
}

func TestEndStateValid(t *testing.T) {
	for _, s := range []semconv.EndState{"Success", "Fail", "Indeterminate"} {
		if !s.Valid() {
			t.Errorf("%q should be valid", s)
		}
	}
	for _, s := range []semconv.EndState{"", "success", "FAIL", "Unknown"} {
		if s.Valid() {
			t.Errorf("%q should be invalid", s)
		}
	}
}
