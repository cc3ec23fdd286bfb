package otelagentops

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

// figureKind is what an ended span counts as in session stats.
type figureKind uint8

const (
	kindOther figureKind = iota
	kindLLM
	kindTool
	kindAction
)

// spanFigures are what one ended span adds to its session's stats.
type spanFigures struct {
	kind                             figureKind
	isError                          bool
	input, output, total             int64
	cacheRead, cacheWrite, reasoning int64
	costUSD                          float64
	priced                           bool
	responseModel, requestModel      string
	usageUnknown                     bool // an LLM call without usage attributes
	dropped                          int  // values that are no count or cost: negative, NaN, infinite
}

// readFigures classifies s from its attributes alone, so that spans of any
// instrumentation count: it reads the recording's OTel GenAI keys and, for
// spans of other instrumentation, the AgentOps ones (a span carrying both
// names of one count is read once). It reads the attribute slice once and allocates
// nothing. An LLM call is priced here only when the span carries a cost the
// user supplied; otherwise trackedSession.price prices it.
func readFigures(s sdktrace.ReadOnlySpan) spanFigures {
	var (
		f                     spanFigures
		kind, operation       string
		genAI, tool, action   bool
		userCost              float64
		hasUserCost, hasTotal bool
		hasUsage              bool
	)
	attrs := s.Attributes()
	for i := range attrs {
		kv := &attrs[i] // a KeyValue is 64 bytes: copying each one was a third of the loop
		switch kv.Key {
		case semconv.AgentOpsSpanKindKey:
			kind = kv.Value.AsString()
		case semconv.GenAIOperationNameKey:
			operation, genAI = kv.Value.AsString(), true
		case semconv.GenAISystemKey, semconv.GenAIProviderNameKey:
			genAI = true
		case semconv.GenAIRequestModelKey:
			f.requestModel, genAI = kv.Value.AsString(), true
		case semconv.GenAIResponseModelKey:
			f.responseModel, genAI = kv.Value.AsString(), true
		case semconv.GenAIToolNameKey, semconv.GenAIToolCallIDKey:
			tool = true
		case semconv.AgentOpsActionTypeKey:
			action = true
		case semconv.GenAIUsagePromptTokensKey, semconv.GenAIUsageInputTokensKey:
			hasUsage = f.count(&f.input, &kv.Value) || hasUsage
		case semconv.GenAIUsageCompletionTokensKey, semconv.GenAIUsageOutputTokensKey:
			hasUsage = f.count(&f.output, &kv.Value) || hasUsage
		case semconv.GenAIUsageTotalTokensKey:
			if f.count(&f.total, &kv.Value) {
				hasTotal, hasUsage = true, true
			}
		case semconv.GenAIUsageCacheReadInputTokensKey, semconv.GenAIUsageCacheReadTokensKey:
			f.count(&f.cacheRead, &kv.Value)
		case semconv.GenAIUsageCacheCreationInputTokensKey, semconv.GenAIUsageCacheCreationTokensKey:
			f.count(&f.cacheWrite, &kv.Value)
		case semconv.GenAIUsageReasoningTokensKey, semconv.GenAIUsageReasoningOutputTokensKey:
			f.count(&f.reasoning, &kv.Value)
		case semconv.AgentOpsLLMCostUSDKey, semconv.GenAIUsageTotalCostKey:
			if v := kv.Value.AsFloat64(); finite(v) {
				userCost, hasUserCost = v, true
			} else {
				f.dropped++ // from other instrumentation: ours never records one
			}
		}
	}
	f.isError = s.Status().Code == codes.Error
	f.kind = classify(kind, operation, genAI, tool, action)
	if f.kind != kindLLM {
		return f
	}
	if !hasTotal {
		f.total = spanclass.Sum(f.input, f.output)
	}
	switch {
	case hasUserCost:
		f.costUSD, f.priced = userCost, true
	case !hasUsage && f.isError:
		f.priced = true // a failed call that reported no usage was not billed
	case !hasUsage:
		f.usageUnknown = true // unknown tokens: unpriced, never a confident $0
	}
	return f
}

// count reads the token count v into dst and reports whether it is one; a
// value that is not (negative, NaN, infinite: only other instrumentation
// records one) leaves dst alone and is counted as dropped.
func (f *spanFigures) count(dst *int64, v *attribute.Value) bool {
	n, ok := spanclass.Count(v)
	if !ok {
		f.dropped++
		return false
	}
	*dst = n
	return true
}

// usage returns the token counts of f for pricing.
func (f spanFigures) usage() pricing.Usage {
	return pricing.Usage{
		InputTokens: f.input, OutputTokens: f.output, CacheReadTokens: f.cacheRead,
		CacheWriteTokens: f.cacheWrite, ReasoningTokens: f.reasoning,
	}
}

// classify maps the shared span rule (internal/spanclass, which the
// AgentOps view applies too) onto what a span adds to the stats.
func classify(kind, operation string, genAI, tool, action bool) figureKind {
	switch spanclass.Classify(spanclass.Signals{SpanKind: kind, Operation: operation, GenAI: genAI, Tool: tool, Action: action}) {
	case spanclass.LLM:
		return kindLLM
	case spanclass.Tool:
		return kindTool
	case spanclass.Action:
		return kindAction
	}
	return kindOther
}
