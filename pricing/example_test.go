package pricing_test

import (
	"fmt"

	"github.com/agentops-go/sdk/pricing"
)

func Example() {
	// An OpenAI chat completion: 1,200 prompt tokens, 1,000 of them served
	// from the prompt cache, and 300 completion tokens.
	u := pricing.Usage{InputTokens: 1200, CacheReadTokens: 1000, OutputTokens: 300}
	c := pricing.Default().Cost("gpt-4o-2024-08-06", "gpt-4o", u)
	fmt.Printf("%s $%.6f priced=%t\n", c.Model, c.USD, c.Priced)

	// A model the table does not know is unpriced, not free.
	c = pricing.Default().Cost("", "acme-internal-llm", u)
	fmt.Printf("%q $%.6f priced=%t\n", c.Model, c.USD, c.Priced)
	// Output:
	// gpt-4o-2024-08-06 $0.004750 priced=true
	// "" $0.000000 priced=false
}

func ExampleUsage_anthropic() {
	// Anthropic's input_tokens excludes cached tokens; add them so that
	// InputTokens counts every input token.
	const inputTokens, cacheRead, cacheCreation, outputTokens = 50, 10_000, 2_000, 400
	u := pricing.Usage{
		InputTokens:      inputTokens + cacheRead + cacheCreation,
		CacheReadTokens:  cacheRead,
		CacheWriteTokens: cacheCreation,
		OutputTokens:     outputTokens,
	}
	c := pricing.Default().Cost("claude-sonnet-4-5-20250929", "claude-sonnet-4-5", u)
	fmt.Printf("%s $%.6f\n", c.Model, c.USD)
	// Output: claude-sonnet-4-5-20250929 $0.016650
}

func ExampleTable_With() {
	prices := pricing.Default().With(map[string]pricing.Price{
		"acme-internal-llm": {Input: 1e-6, Output: 2e-6},
	})
	c := prices.Cost("", "acme-internal-llm", pricing.Usage{InputTokens: 1000, OutputTokens: 1000})
	fmt.Printf("$%.4f priced=%t\n", c.USD, c.Priced)
	// Output: $0.0030 priced=true
}

func ExampleTable_Lookup() {
	_, key, ok := pricing.Default().Lookup("anthropic/claude-sonnet-4-5@20250929")
	fmt.Println(key, ok)
	// Output: claude-sonnet-4-5 true
}
