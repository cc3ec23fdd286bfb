// Package llmserver is a local HTTP server that speaks enough of the OpenAI
// and Anthropic APIs for the real client libraries (openai-go,
// anthropic-sdk-go, go-openai) to run against it in tests, with bodies shaped
// like the providers' own.
//
// Endpoints:
//
//   - POST /v1/chat/completions: a chat completion, or an SSE stream of
//     chunks when "stream" is true (with a final usage chunk only when
//     stream_options.include_usage is true, as OpenAI does). With "tools" and
//     no tool result yet in the messages, the reply is a tool call.
//   - POST /v1/responses: a Responses API response or stream.
//   - POST /v1/embeddings: one embedding per input.
//   - POST /v1/messages: an Anthropic message or stream, with prompt-cache
//     usage; with "tools" and no tool_result yet, a tool_use reply.
//
// The token counts are the constants below, so tests can assert them. The
// response model is the request's, with a date suffix for gpt-4o-mini as
// OpenAI returns it.
//
// Faults are scripted per request with Server.Push: an HTTP error status
// with the provider's error body (and Retry-After-Ms, so SDK retries are
// quick), or a stream cut after some events (the connection is aborted, so
// the client sees an unexpected EOF). Requests are recorded for assertions.
//
// A Server is safe for concurrent use; New registers its Close with
// t.Cleanup.
package llmserver

// Token counts the server reports.
const (
	// OpenAI chat, completions and Responses API.
	PromptTokens         = 42
	CachedTokens         = 10
	CompletionTokens     = 17
	ToolCompletionTokens = 23
	ReasoningTokens      = 0
	EmbeddingTokens      = 8

	// Anthropic: input_tokens leaves the cache tokens out.
	AnthropicInputTokens      = 30
	AnthropicCacheReadTokens  = 100
	AnthropicCacheWriteTokens = 50
	AnthropicOutputTokens     = 20
)

// Reply is the assistant's text answer; streams send it word by word.
const Reply = "Paris is the capital of France, and it is sunny there today."

// Tool call the server makes when the request offers tools.
const (
	ToolName      = "get_weather"
	ToolArguments = `{"location":"Paris, France","unit":"celsius"}`
)
