package otelagentops

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/agentops-go/sdk/internal/llmcost"
	"github.com/agentops-go/sdk/internal/spanclass"
)

// Stats are a session's figures, aggregated from the spans of its trace as
// they end, whoever made them. Cost is the client-side estimate from the
// price table, or the cost the user supplied; calls whose model has no
// known price are counted in UnpricedLLMCalls and left out of CostUSD.
//
// Errors counts each failure once. A call that fails is reported by both
// its ends, as the OTel conventions ask: the caller's span and the SERVER
// span that handled it (an MCP tools/call, an HTTP request) both have
// status Error, and OTLP backends receive both. A SERVER span whose parent
// is remote (its caller's span, which reports the same failure) and not the
// session's root is therefore not counted; every other span with status
// Error is: a SERVER span with a local parent or none, CLIENT and INTERNAL
// spans (under a remote parent too). The session documents and the
// AgentOps view count by the same rule.
type Stats struct {
	Duration         time.Duration // from the session's start to its end (or to now, while running)
	LLMCalls         int           // LLM call spans
	ToolCalls        int           // tool call spans
	Actions          int           // action spans
	Errors           int           // failed spans but the session root, each failed call once (see Stats)
	InputTokens      int64         // input tokens, cached ones included
	OutputTokens     int64         // output tokens, reasoning ones included
	TotalTokens      int64         // input plus output tokens
	CacheReadTokens  int64         // input tokens read from a prompt cache
	CacheWriteTokens int64         // input tokens written to a prompt cache
	ReasoningTokens  int64         // output tokens spent on reasoning
	CostUSD          float64       // cost of the priced LLM calls, in USD: each rounded to 1e-12, summed exactly
	UnpricedLLMCalls int           // LLM calls whose model has no known price
	// DroppedValues counts the numbers not recorded, or not counted, because
	// they are none: NaN or infinite floats (LLMRequest's parameters,
	// LLMResponse.CostUSD, a cost on another instrumentation's span) and
	// negative token counts. Session.End logs a warning when it is not 0.
	DroppedValues int
}

// String returns the summary line the SDK logs at session end:
//
//	Session Stats - Duration: 1m 2.3s | Cost: $0.000123 | LLMs: 3 | Tools: 1 | Actions: 2 | Errors: 0
//
// Cost is rounded for display (CostUSD itself stays exact, to the
// picodollar): it reads $0.00
// when zero, "<0.000001" for a cost that would round to zero, else it has 6
// decimals; unpriced calls are named after it rather than counted as free.
func (s Stats) String() string {
	cost := formatCost(s.CostUSD)
	if s.UnpricedLLMCalls > 0 {
		cost += fmt.Sprintf(" (+%d unpriced LLM calls)", s.UnpricedLLMCalls)
	}
	return fmt.Sprintf("Session Stats - Duration: %s | Cost: $%s | LLMs: %d | Tools: %d | Actions: %d | Errors: %d",
		formatDuration(s.Duration), cost, s.LLMCalls, s.ToolCalls, s.Actions, s.Errors)
}

// formatCost writes a cost in USD for display, rounded to 6 decimals: float
// sums such as 0.0007199999999999999 read 0.000720, and a cost below the
// last digit is not shown as free.
func formatCost(usd float64) string {
	switch {
	case usd == 0:
		return "0.00"
	case usd > 0 && usd < 0.0000005:
		return "<0.000001"
	}
	return strconv.FormatFloat(usd, 'f', 6, 64)
}

// formatDuration writes d as the AgentOps SDK did: "2.3s", "1m 2.3s", "1h 2m 3.0s".
func formatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	h := d / time.Hour
	m := (d % time.Hour) / time.Minute
	sec := float64(d%time.Minute) / float64(time.Second)
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh ", h)
	}
	if h > 0 || m > 0 {
		fmt.Fprintf(&b, "%dm ", m)
	}
	fmt.Fprintf(&b, "%.1fs", sec)
	return b.String()
}

// add accumulates the figures of one ended span into s. Costs add up to
// the picodollar (llmcost.Sum): no float noise in the total.
func (s *Stats) add(f *llmcost.Figures) {
	switch f.Kind {
	case llmcost.LLM:
		s.LLMCalls++
		// Counts are not negative (llmcost.Read drops those) and the sums
		// saturate: a session's total never wraps to a negative one.
		s.InputTokens = spanclass.Sum(s.InputTokens, f.Input)
		s.OutputTokens = spanclass.Sum(s.OutputTokens, f.Output)
		s.TotalTokens = spanclass.Sum(s.TotalTokens, f.Total)
		s.CacheReadTokens = spanclass.Sum(s.CacheReadTokens, f.CacheRead)
		s.CacheWriteTokens = spanclass.Sum(s.CacheWriteTokens, f.CacheWrite)
		s.ReasoningTokens = spanclass.Sum(s.ReasoningTokens, f.Reasoning)
		if f.Priced {
			s.CostUSD = llmcost.Sum(s.CostUSD, f.CostUSD)
		} else {
			s.UnpricedLLMCalls++
		}
	case llmcost.Tool:
		s.ToolCalls++
	case llmcost.Action:
		s.Actions++
	}
	if f.IsError {
		s.Errors++
	}
	s.DroppedValues += f.Dropped
}
