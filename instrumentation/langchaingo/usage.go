package otellangchaingo

import "github.com/agentops-go/sdk/otelagentops"

// The GenerationInfo keys langchaingo's models report token counts under.
// The openai llm (and those built on it) uses the first names; the
// anthropic llm the Anthropic API's, whose input count leaves out the
// cached tokens; others the providers' snake_case names.
var (
	inputKeys     = []string{"PromptTokens", "InputTokens", "input_tokens", "prompt_tokens"}
	outputKeys    = []string{"CompletionTokens", "OutputTokens", "output_tokens", "completion_tokens"}
	reasoningKeys = []string{"ReasoningTokens", "CompletionReasoningTokens", "ThinkingTokens"}
	cachedKeys    = []string{"PromptCachedTokens"}          // included in the input count
	cacheReadKeys = []string{"CacheReadInputTokens"}        // Anthropic: not in the input count
	cacheWriteKey = []string{"CacheCreationInputTokens"}    // Anthropic: not in the input count
	totalKeys     = []string{"TotalTokens", "total_tokens"} // the provider's own total
)

// usage reads the token usage a model put in a choice's GenerationInfo;
// ok is false when it names neither an input nor an output count.
func usage(info map[string]any) (u otelagentops.Usage, ok bool) {
	in, okIn := count(info, inputKeys)
	out, okOut := count(info, outputKeys)
	if !okIn && !okOut {
		return u, false
	}
	u.InputTokens, u.OutputTokens = in, out
	u.ReasoningTokens, _ = count(info, reasoningKeys)
	u.TotalTokens, _ = count(info, totalKeys)
	u.CacheReadTokens, _ = count(info, cachedKeys)
	if read, ok := count(info, cacheReadKeys); ok {
		u.CacheReadTokens += read
		u.InputTokens += read
	}
	if write, ok := count(info, cacheWriteKey); ok {
		u.CacheWriteTokens = write
		u.InputTokens += write
	}
	return u, true
}

// count returns the first of keys info has as a number.
func count(info map[string]any, keys []string) (int64, bool) {
	for _, k := range keys {
		switch v := info[k].(type) {
		case int:
			return int64(v), true
		case int32:
			return int64(v), true
		case int64:
			return v, true
		case float64:
			return int64(v), true
		case float32:
			return int64(v), true
		}
	}
	return 0, false
}
