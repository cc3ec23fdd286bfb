package otelagentops

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// appendResponseAttributes appends an LLM span's response attributes, both
// vocabularies, to attrs.
func appendResponseAttributes(attrs []attribute.KeyValue, r LLMResponse) []attribute.KeyValue {
	if r.ID != "" {
		attrs = append(attrs, semconv.GenAIResponseID(r.ID))
	}
	if r.Model != "" {
		attrs = append(attrs, semconv.GenAIResponseModel(r.Model))
	}
	if len(r.FinishReasons) > 0 {
		attrs = append(attrs,
			semconv.GenAIResponseFinishReason(r.FinishReasons[0]),
			semconv.GenAIResponseFinishReasons(r.FinishReasons))
	}
	if !r.UsageUnknown {
		attrs = appendUsage(attrs, r.Usage)
	}
	if r.CostUSD != nil {
		attrs = append(attrs, semconv.GenAIUsageTotalCost(*r.CostUSD))
	}
	if r.TimeToFirstToken > 0 {
		secs := r.TimeToFirstToken.Seconds()
		attrs = append(attrs, semconv.GenAIStreamingTimeToFirstToken(secs), semconv.GenAIResponseTimeToFirstChunk(secs))
	}
	if r.Incomplete {
		attrs = append(attrs, semconv.AgentOpsStreamIncomplete(true))
	}
	return attrs
}

// appendUsage appends u in both vocabularies. Input, output and total are
// always written (zero is a real count); the cache and reasoning counts only
// when the provider reported them.
func appendUsage(attrs []attribute.KeyValue, u Usage) []attribute.KeyValue {
	total := u.TotalTokens
	if total == 0 {
		total = u.InputTokens + u.OutputTokens
	}
	attrs = append(attrs,
		semconv.GenAIUsagePromptTokens(int(u.InputTokens)),
		semconv.GenAIUsageInputTokens(int(u.InputTokens)),
		semconv.GenAIUsageCompletionTokens(int(u.OutputTokens)),
		semconv.GenAIUsageOutputTokens(int(u.OutputTokens)),
		semconv.GenAIUsageTotalTokens(int(total)),
	)
	if u.CacheReadTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageCacheReadInputTokens(int(u.CacheReadTokens)),
			semconv.GenAIUsageCacheReadTokens(int(u.CacheReadTokens)))
	}
	if u.CacheWriteTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageCacheCreationInputTokens(int(u.CacheWriteTokens)),
			semconv.GenAIUsageCacheCreationTokens(int(u.CacheWriteTokens)))
	}
	if u.ReasoningTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageReasoningTokens(int(u.ReasoningTokens)),
			semconv.GenAIUsageReasoningOutputTokens(int(u.ReasoningTokens)))
	}
	return attrs
}
