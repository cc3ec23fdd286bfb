package semconv_test

import (
	"strconv"
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

// TestIndexedContentKeys checks every form on both sides of the keys built
// at init (63, 64) and past them.
func TestIndexedContentKeys(t *testing.T) {
	forms := []struct {
		key            func(int) attribute.Key
		prefix, suffix string
	}{
		{semconv.GenAIPromptRoleKey, "gen_ai.prompt.", ".role"},
		{semconv.GenAIPromptContentKey, "gen_ai.prompt.", ".content"},
		{semconv.GenAICompletionRoleKey, "gen_ai.completion.", ".role"},
		{semconv.GenAICompletionContentKey, "gen_ai.completion.", ".content"},
		{semconv.GenAICompletionFinishReasonKey, "gen_ai.completion.", ".finish_reason"},
	}
	for _, f := range forms {
		for _, i := range []int{0, 2, 63, 64, 1000} {
			if got, want := f.key(i), attribute.Key(f.prefix+strconv.Itoa(i)+f.suffix); got != want {
				t.Errorf("key(%d) = %q, want %q", i, got, want)
			}
		}
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
