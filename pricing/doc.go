// Package pricing turns LLM token usage into a USD cost from a table of
// per-token prices, and says so honestly when it cannot.
//
// # Data
//
// [Default] is a dated snapshot of the MIT-licensed LiteLLM price table
// (model_prices_and_context_window.json), trimmed to the first-party chat and
// embedding models of OpenAI, Anthropic, Google Gemini, Mistral, DeepSeek, xAI
// and Groq, and embedded in the binary as prices.json. [Source],
// [SnapshotCommit] and [SnapshotDate] record where and when it was read; the
// same facts head the embedded file. Entries are keyed by the model id the
// provider's API returns ("gpt-4o", "claude-sonnet-4-5-20250929",
// "gemini-2.5-pro"). Prices change: callers who know better prices supply
// them with [Table.With] or build their own table with [NewTable].
//
// # Token accounting
//
// A [Usage] follows OpenAI's inclusive convention:
//
//   - InputTokens counts every input (prompt) token, including the tokens
//     read from and written to the provider's prompt cache.
//   - CacheReadTokens and CacheWriteTokens are the parts of InputTokens
//     served from, or written to, the cache.
//   - OutputTokens counts every generated token, including reasoning
//     ("thinking") tokens; ReasoningTokens is that part of OutputTokens.
//
// Callers normalise providers that report otherwise before pricing:
// Anthropic's input_tokens excludes cache_read_input_tokens and
// cache_creation_input_tokens, so InputTokens is their sum; Gemini reports
// thoughts_token_count beside candidates_token_count, so OutputTokens is their
// sum. OpenAI's prompt_tokens (with prompt_tokens_details.cached_tokens) and
// completion_tokens (with completion_tokens_details.reasoning_tokens) map
// directly.
//
// # Cost
//
// [Price.Cost] charges
//
//	(InputTokens - CacheReadTokens - CacheWriteTokens) × Input
//	+ CacheReadTokens × CacheRead
//	+ CacheWriteTokens × CacheWrite
//	+ (OutputTokens - ReasoningTokens) × Output
//	+ ReasoningTokens × Reasoning
//
// A zero CacheRead or CacheWrite price means the source lists none, and those
// tokens are charged at Input; a zero Reasoning price charges reasoning
// tokens at Output. Negative counts count as zero, and so does an uncached or
// non-reasoning remainder that would go negative. When a price has a
// long-context [Tier] and InputTokens exceeds Tier.AboveTokens, the tier's
// prices apply to the whole request; a price the tier leaves at zero keeps
// its base value. Anthropic's one-hour cache writes, batch, flex and priority
// rates, and audio, image and web-search charges are not modelled.
//
// # Matching
//
// [Table.Lookup] tries, in order, stopping at the first hit: the exact key;
// the lowercased name; the name after its last "/" (a provider prefix such as
// "openai/", "models/" or "azure/"); then that name with a version suffix
// removed, repeatedly: "@anything" (Vertex's "@20241022"), a date
// ("-2024-08-06", "-20241022") or "-latest". Table keys are normalised the
// same way, so "claude-sonnet-4" finds "claude-sonnet-4-20250514". When
// several keys normalise to the same name, the key that needed the least
// normalisation wins, then the greatest key (for dated keys, the latest
// date). No other fuzzy matching is done: "gpt-4o-mini-tts" is not
// "gpt-4o-mini". Lookups allocate nothing unless the name has upper-case
// letters.
//
// [Table.Cost] matches the response model first, since it names the model
// that actually ran, then the request model.
//
// # Unpriced
//
// A model the table does not know is unpriced: [Cost].Priced is false and
// USD is zero, which must be read as "unknown", never as "free". A price the
// caller sets to zero in [NewTable] or [Table.With] is honoured as free.
//
// # Concurrency
//
// A [Table] is immutable once built; all its methods are safe for concurrent
// use. [Default] parses the embedded snapshot once, on first use.
package pricing
