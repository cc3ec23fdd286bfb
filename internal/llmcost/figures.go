// Package llmcost reads what one ended span adds to a session's figures
// (its kind, token counts, whether it counts as an error) and what an LLM
// call costs, by one rule shared by the session stats (otelagentops) and
// the session document (sessiondoc), so that the cost of each call in a
// document adds up to the session's total.
//
// # Cost
//
// An LLM call costs what the user supplied (agentops.llm.cost_usd, or
// gen_ai.usage.total_cost from other instrumentation) when the span
// carries it; else, when it reports its usage, the price table's estimate
// on the response model, then the request model (pricing.Table.Lookup);
// else it is unpriced (never a confident $0), except a failed call that
// reported no usage, which was not billed ($0).
//
// Costs are whole picodollars (1e-12 USD): each call's cost is rounded to
// the nearest one (Round), and a session's total is the exact sum of its
// calls' costs (Sum), so that float noise such as 0.0007199999999999999
// never shows and the calls of a document add up to its total. That holds
// up to about $2,000 per session; above, costs are as exact as float64
// allows.
package llmcost

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

// Kind is what an ended span counts as in a session's figures.
type Kind uint8

// The kinds a span counts as.
const (
	Other Kind = iota
	LLM
	Tool
	Action
)

// Figures are what one ended span adds to its session's figures.
type Figures struct {
	Kind Kind
	// IsError reports that the span counts as an error of its session
	// (spanclass.CountsAsError): it has status Error, and is not the
	// SERVER span of a call whose caller's span reports the failure.
	IsError                          bool
	Input, Output, Total             int64
	CacheRead, CacheWrite, Reasoning int64
	// CostUSD is the call's cost, rounded to the picodollar; meaningful
	// when Priced.
	CostUSD                     float64
	Priced                      bool
	ResponseModel, RequestModel string
	UsageUnknown                bool // an LLM call without usage attributes: unpriced
	Dropped                     int  // values that are no count or cost: negative, NaN, infinite
}

// Read classifies s from its attributes alone, so that spans of any
// instrumentation count: it reads the recording's OTel GenAI keys and, for
// spans of other instrumentation, the AgentOps ones (a span carrying both
// names of one count is read once). It reads the attribute slice once and
// allocates nothing. An LLM call is priced here only when the span carries
// a cost the user supplied; otherwise NeedsPrice reports it, and Price or
// Charge prices it.
func Read(s sdktrace.ReadOnlySpan) Figures {
	var (
		f                     Figures
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
			f.RequestModel, genAI = kv.Value.AsString(), true
		case semconv.GenAIResponseModelKey:
			f.ResponseModel, genAI = kv.Value.AsString(), true
		case semconv.GenAIToolNameKey, semconv.GenAIToolCallIDKey:
			tool = true
		case semconv.AgentOpsActionTypeKey:
			action = true
		case semconv.GenAIUsagePromptTokensKey, semconv.GenAIUsageInputTokensKey:
			hasUsage = f.count(&f.Input, &kv.Value) || hasUsage
		case semconv.GenAIUsageCompletionTokensKey, semconv.GenAIUsageOutputTokensKey:
			hasUsage = f.count(&f.Output, &kv.Value) || hasUsage
		case semconv.GenAIUsageTotalTokensKey:
			if f.count(&f.Total, &kv.Value) {
				hasTotal, hasUsage = true, true
			}
		case semconv.GenAIUsageCacheReadInputTokensKey, semconv.GenAIUsageCacheReadTokensKey:
			f.count(&f.CacheRead, &kv.Value)
		case semconv.GenAIUsageCacheCreationInputTokensKey, semconv.GenAIUsageCacheCreationTokensKey:
			f.count(&f.CacheWrite, &kv.Value)
		case semconv.GenAIUsageReasoningTokensKey, semconv.GenAIUsageReasoningOutputTokensKey:
			f.count(&f.Reasoning, &kv.Value)
		case semconv.AgentOpsLLMCostUSDKey, semconv.GenAIUsageTotalCostKey:
			if v := kv.Value.AsFloat64(); v-v == 0 {
				userCost, hasUserCost = v, true
			} else {
				f.Dropped++ // from other instrumentation: ours never records one
			}
		}
	}
	failed := s.Status().Code == codes.Error // the status read once: spanclass.CountsAsError
	f.IsError = failed && !spanclass.CallerReports(s.SpanKind(), s.Parent())
	f.Kind = classify(kind, operation, genAI, tool, action)
	if f.Kind != LLM {
		return f
	}
	if !hasTotal {
		f.Total = spanclass.Sum(f.Input, f.Output)
	}
	switch {
	case hasUserCost:
		f.CostUSD, f.Priced = Round(userCost), true
	case !hasUsage && failed:
		f.Priced = true // a failed call that reported no usage was not billed
	case !hasUsage:
		f.UsageUnknown = true // unknown tokens: unpriced, never a confident $0
	}
	return f
}

// count reads the token count v into dst and reports whether it is one; a
// value that is not (negative, NaN, infinite: only other instrumentation
// records one) leaves dst alone and is counted as dropped.
func (f *Figures) count(dst *int64, v *attribute.Value) bool {
	n, ok := spanclass.Count(v)
	if !ok {
		f.Dropped++
		return false
	}
	*dst = n
	return true
}

// Usage returns the token counts of f for pricing.
func (f *Figures) Usage() pricing.Usage {
	return pricing.Usage{
		InputTokens: f.Input, OutputTokens: f.Output, CacheReadTokens: f.CacheRead,
		CacheWriteTokens: f.CacheWrite, ReasoningTokens: f.Reasoning,
	}
}

// classify maps the shared span rule (internal/spanclass, which the
// AgentOps view applies too) onto what a span adds to the figures.
func classify(kind, operation string, genAI, tool, action bool) Kind {
	switch spanclass.Classify(spanclass.Signals{SpanKind: kind, Operation: operation, GenAI: genAI, Tool: tool, Action: action}) {
	case spanclass.LLM:
		return LLM
	case spanclass.Tool:
		return Tool
	case spanclass.Action:
		return Action
	}
	return Other
}
