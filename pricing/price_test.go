package pricing

import (
	"math"
	"testing"
)

func approxEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

func TestPriceCost(t *testing.T) {
	full := Price{Input: 2e-6, Output: 8e-6, CacheRead: 5e-7, CacheWrite: 2.5e-6, Reasoning: 1e-5}
	bare := Price{Input: 1e-6, Output: 2e-6}
	tiered := Price{
		Input: 3e-6, Output: 1.5e-5, CacheRead: 3e-7, CacheWrite: 3.75e-6,
		Tier: Tier{AboveTokens: 200_000, Input: 6e-6, Output: 2.25e-5, CacheRead: 6e-7, CacheWrite: 7.5e-6},
	}
	partialTier := Price{
		Input: 2e-7, Output: 5e-7, CacheRead: 5e-8,
		Tier: Tier{AboveTokens: 128_000, Input: 4e-7, Output: 1e-6},
	}
	tests := []struct {
		name  string
		price Price
		usage Usage
		want  float64
	}{
		{"zero usage", full, Usage{}, 0},
		{"plain", full, Usage{InputTokens: 1000, OutputTokens: 500}, 1000*2e-6 + 500*8e-6},
		{"cache read is part of input", full,
			Usage{InputTokens: 1000, CacheReadTokens: 400}, 600*2e-6 + 400*5e-7},
		{"cache read and write", full,
			Usage{InputTokens: 1000, CacheReadTokens: 300, CacheWriteTokens: 200},
			500*2e-6 + 300*5e-7 + 200*2.5e-6},
		{"reasoning is part of output", full,
			Usage{OutputTokens: 1000, ReasoningTokens: 600}, 400*8e-6 + 600*1e-5},
		{"missing cache and reasoning prices fall back", bare,
			Usage{InputTokens: 300, CacheReadTokens: 100, CacheWriteTokens: 100, OutputTokens: 100, ReasoningTokens: 50},
			300*1e-6 + 100*2e-6},
		{"at the tier threshold: base prices", tiered,
			Usage{InputTokens: 200_000, CacheReadTokens: 100_000, CacheWriteTokens: 50_000, OutputTokens: 1000},
			50_000*3e-6 + 100_000*3e-7 + 50_000*3.75e-6 + 1000*1.5e-5},
		{"above the tier threshold: tier prices for everything", tiered,
			Usage{InputTokens: 200_001, CacheReadTokens: 100_000, CacheWriteTokens: 50_000, OutputTokens: 1000},
			50_001*6e-6 + 100_000*6e-7 + 50_000*7.5e-6 + 1000*2.25e-5},
		{"tier without cache price keeps the base cache price", partialTier,
			Usage{InputTokens: 200_000, CacheReadTokens: 100_000, OutputTokens: 10},
			100_000*4e-7 + 100_000*5e-8 + 10*1e-6},
		{"negative counts count as zero", full,
			Usage{InputTokens: -5, OutputTokens: -5, CacheReadTokens: -5, CacheWriteTokens: -5, ReasoningTokens: -5}, 0},
		{"cache larger than input: no negative uncached part", full,
			Usage{InputTokens: 10, CacheReadTokens: 1000}, 1000 * 5e-7},
		{"reasoning larger than output: no negative remainder", full,
			Usage{OutputTokens: 10, ReasoningTokens: 100}, 100 * 1e-5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.price.Cost(tt.usage); !approxEqual(got, tt.want) {
				t.Errorf("Cost(%+v) = %.12g, want %.12g", tt.usage, got, tt.want)
			}
		})
	}
}

// TestAnthropicNormalisation pins the documented convention: Anthropic's
// input_tokens excludes cache tokens, so the caller adds them.
func TestAnthropicNormalisation(t *testing.T) {
	p, _, ok := Default().Lookup("claude-sonnet-4-5-20250929")
	if !ok {
		t.Fatal("claude-sonnet-4-5-20250929 not in snapshot")
	}
	const inputTokens, cacheRead, cacheCreation, output = 50, 10_000, 2_000, 400
	u := Usage{
		InputTokens:      inputTokens + cacheRead + cacheCreation,
		CacheReadTokens:  cacheRead,
		CacheWriteTokens: cacheCreation,
		OutputTokens:     output,
	}
	want := inputTokens*3e-6 + cacheRead*3e-7 + cacheCreation*3.75e-6 + output*1.5e-5
	if got := p.Cost(u); !approxEqual(got, want) {
		t.Errorf("Cost = %.12g, want %.12g", got, want)
	}
}
