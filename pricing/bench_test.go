package pricing

import "testing"

var (
	sinkCost  Cost
	sinkPrice Price
	sinkOK    bool
)

var benchUsage = Usage{InputTokens: 1200, CacheReadTokens: 1000, OutputTokens: 300, ReasoningTokens: 100}

// BenchmarkMapBaseline is the floor: one map read and the arithmetic, with
// no matching.
func BenchmarkMapBaseline(b *testing.B) {
	m := Default().prices
	b.ReportAllocs()
	for b.Loop() {
		p, ok := m["gpt-4o"]
		sinkOK = ok
		sinkCost = Cost{USD: p.Cost(benchUsage), Priced: ok, Model: "gpt-4o"}
	}
}

func BenchmarkLookup(b *testing.B) {
	for _, bm := range []struct{ name, model string }{
		{"exact", "gpt-4o"},
		{"prefix+date", "openai/gpt-4o-2099-01-01"},
		{"uppercase", "OpenAI/GPT-4o"},
		{"unknown", "acme/internal-llm-v2"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			tab := Default()
			b.ReportAllocs()
			for b.Loop() {
				sinkPrice, _, sinkOK = tab.Lookup(bm.model)
			}
		})
	}
}

func BenchmarkCost(b *testing.B) {
	for _, bm := range []struct{ name, response, request string }{
		{"exact", "gpt-4o-2024-08-06", "gpt-4o"},
		{"normalised", "models/gemini-2.5-pro-20990101", "gemini-2.5-pro"},
		{"request-fallback", "ft:gpt-4o:acme::x", "gpt-4o"},
		{"unpriced", "acme/internal-llm-v2", "internal-llm"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			tab := Default()
			b.ReportAllocs()
			for b.Loop() {
				sinkCost = tab.Cost(bm.response, bm.request, benchUsage)
			}
		})
	}
}
