package otelagentops

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// appendResponseAttributes appends an LLM span's response attributes to
// attrs, in the OTel GenAI vocabulary: each fact once. It returns how many
// values it dropped: a NaN or infinite cost, negative token counts.
func appendResponseAttributes(attrs []attribute.KeyValue, r LLMResponse) ([]attribute.KeyValue, int) {
	dropped := 0
	if r.ID != "" {
		attrs = append(attrs, semconv.GenAIResponseID(r.ID))
	}
	if r.Model != "" {
		attrs = append(attrs, semconv.GenAIResponseModel(r.Model))
	}
	if len(r.FinishReasons) > 0 {
		attrs = append(attrs, semconv.GenAIResponseFinishReasons(r.FinishReasons))
	}
	if !r.UsageUnknown {
		attrs, dropped = appendUsage(attrs, r.Usage)
	}
	switch {
	case r.CostUSD == nil:
	case finite(*r.CostUSD):
		attrs = append(attrs, semconv.AgentOpsLLMCostUSD(*r.CostUSD))
	default:
		dropped++
	}
	if r.TimeToFirstToken > 0 {
		attrs = append(attrs, semconv.GenAIResponseTimeToFirstChunk(r.TimeToFirstToken.Seconds()))
	}
	if r.Incomplete {
		attrs = append(attrs, semconv.AgentOpsStreamIncomplete(true))
	}
	return attrs, dropped
}

// appendUsage appends u. Input and output are always written (zero is a
// real count); the cache and reasoning counts only when the provider
// reported them. No total is recorded: it is input plus output, which the
// AgentOps view writes as gen_ai.usage.total_tokens. A negative count is
// not one: it is left out, and counted in the number returned.
func appendUsage(attrs []attribute.KeyValue, u Usage) ([]attribute.KeyValue, int) {
	dropped := 0
	if u.InputTokens >= 0 {
		attrs = append(attrs, semconv.GenAIUsageInputTokens(int(u.InputTokens)))
	} else {
		dropped++
	}
	if u.OutputTokens >= 0 {
		attrs = append(attrs, semconv.GenAIUsageOutputTokens(int(u.OutputTokens)))
	} else {
		dropped++
	}
	for _, n := range [...]int64{u.CacheReadTokens, u.CacheWriteTokens, u.ReasoningTokens, u.TotalTokens} {
		if n < 0 {
			dropped++
		}
	}
	if u.CacheReadTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageCacheReadTokens(int(u.CacheReadTokens)))
	}
	if u.CacheWriteTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageCacheCreationTokens(int(u.CacheWriteTokens)))
	}
	if u.ReasoningTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageReasoningOutputTokens(int(u.ReasoningTokens)))
	}
	return attrs, dropped
}
