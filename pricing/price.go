package pricing

// Price is the USD cost per token of one model.
//
// The zero value of a cache or reasoning price means "not listed" and falls
// back as the package documentation describes; a Price is a plain value,
// safe to copy and compare.
type Price struct {
	// Input is the price of one uncached input token.
	Input float64
	// Output is the price of one output token that is not a reasoning token.
	Output float64
	// CacheRead is the price of one input token read from the prompt cache.
	// Zero charges such tokens at Input.
	CacheRead float64
	// CacheWrite is the price of one input token written to the prompt cache
	// (Anthropic's five-minute cache write). Zero charges such tokens at Input.
	CacheWrite float64
	// Reasoning is the price of one reasoning token. Zero charges reasoning
	// tokens at Output.
	Reasoning float64

	// Tier holds long-context prices. It applies when Tier.AboveTokens > 0.
	Tier Tier

	// Provider names who serves the model, as LiteLLM spells it ("openai",
	// "anthropic", "gemini", ...). Informational; it does not affect cost.
	Provider string
	// Mode is LiteLLM's kind of model: "chat", "responses" or "embedding".
	// Informational; it does not affect cost.
	Mode string
}

// Tier is a long-context price level: when a request's input tokens exceed
// AboveTokens, its prices replace the base prices for the whole request.
// A zero price keeps the base price of the same kind.
type Tier struct {
	// AboveTokens is the input-token threshold, e.g. 200000. Zero means no
	// tier.
	AboveTokens int64
	// Input, Output, CacheRead and CacheWrite are per-token prices as in Price.
	Input, Output, CacheRead, CacheWrite float64
}

// Usage is the token usage of one LLM call, in the inclusive convention the
// package documentation describes: InputTokens includes CacheReadTokens and
// CacheWriteTokens, and OutputTokens includes ReasoningTokens.
type Usage struct {
	InputTokens      int64
	OutputTokens     int64
	CacheReadTokens  int64
	CacheWriteTokens int64
	ReasoningTokens  int64
}

// Cost is the priced outcome of one call.
type Cost struct {
	// USD is the cost in US dollars. It is meaningful only when Priced is
	// true; an unpriced call has USD 0, which does not mean free.
	USD float64
	// Priced reports whether a price was found for the call's model.
	Priced bool
	// Model is the table key that priced the call; empty when unpriced.
	Model string
}

// Cost returns the USD cost of u at price p.
func (p Price) Cost(u Usage) float64 {
	in, out, cacheRead, cacheWrite := p.Input, p.Output, p.CacheRead, p.CacheWrite
	if t := p.Tier; t.AboveTokens > 0 && u.InputTokens > t.AboveTokens {
		in = orElse(t.Input, in)
		out = orElse(t.Output, out)
		cacheRead = orElse(t.CacheRead, cacheRead)
		cacheWrite = orElse(t.CacheWrite, cacheWrite)
	}
	cacheRead = orElse(cacheRead, in)
	cacheWrite = orElse(cacheWrite, in)
	reasoning := orElse(p.Reasoning, out)

	inTok := nonNegative(u.InputTokens)
	readTok := nonNegative(u.CacheReadTokens)
	writeTok := nonNegative(u.CacheWriteTokens)
	outTok := nonNegative(u.OutputTokens)
	reasonTok := nonNegative(u.ReasoningTokens)
	uncached := nonNegative(inTok - readTok - writeTok)
	plainOut := nonNegative(outTok - reasonTok)

	return float64(uncached)*in +
		float64(readTok)*cacheRead +
		float64(writeTok)*cacheWrite +
		float64(plainOut)*out +
		float64(reasonTok)*reasoning
}

func orElse(v, fallback float64) float64 {
	if v == 0 {
		return fallback
	}
	return v
}

func nonNegative(n int64) int64 {
	return max(n, 0)
}
