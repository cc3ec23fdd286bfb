// Package llmhttp records LLM API calls at the HTTP layer, as LLM call spans
// of the AgentOps session in the request's context: Middleware for
// openai-go and anthropic-sdk-go (option.WithMiddleware), NewTransport for
// go-openai and any client built on an http.Client. It imports no LLM SDK.
//
// # What is recorded
//
// A POST whose path ends in /chat/completions, /completions, /embeddings,
// /responses (OpenAI and compatible servers) or /messages (Anthropic) is an
// LLM call; paths are matched by suffix, so proxies, gateways and Azure
// deployments are recognised. The provider (gen_ai.provider.name) comes
// from the host: api.openai.com, api.anthropic.com, *.openai.azure.com,
// *.cognitiveservices.azure.com and
// *.services.ai.azure.com (Azure OpenAI), api.groq.com, api.mistral.ai,
// api.deepseek.com, api.x.ai, api.perplexity.ai,
// generativelanguage.googleapis.com (Gemini), openrouter.ai,
// api.together.xyz and api.together.ai, port 11434 (Ollama); any other host
// is "anthropic" for /messages and "openai" otherwise. Every other request
// passes through untouched.
//
// Each HTTP attempt is one CLIENT span named "{operation} {model}", a child
// of the span in the request's context, recorded with the OTel GenAI
// conventions (the AgentOps exporter derives what the AgentOps dashboard
// reads at export): the request's model and parameters, the number of
// choices asked for (OpenAI's n) and the output type asked for
// (response_format, the Responses API's text.format, Anthropic's
// output_config.format: text or json; audio modalities: speech); the
// response's ID, model, finish reasons and token usage (input, output,
// cache read and write, reasoning; Anthropic's cache tokens are added to
// its input tokens); http.response.status_code, and on a retry
// http.request.resend_count. The session computes cost from these.
//
// When the session's client captures content, the input messages, the
// system instructions given apart from them (Anthropic's system, one entry
// per text block, and the Responses API's instructions; a chat's system
// and developer messages stay in its history) and the output messages are
// recorded too. A tool result (an OpenAI tool message, an Anthropic
// tool_result block, a Responses function_call_output) is a tool message
// answering its call, its text the result.
//
// # Sessions
//
// A call is recorded in the session the request's context carries, else in
// the only active session of the client given with WithClient, else of
// otelagentops.Default() at the time of the request. With no session to
// record in, the request passes through untouched: no span, no error.
//
// # One call, one span
//
// A request whose context carries an open LLM call
// (otelagentops.LLMCallFromContext: a framework integration recorded the
// model call with StartLLM and passed its context down, or an outer
// llmhttp transport already records it) passes through untouched: the
// call is recorded once, by whoever saw it first, and the session counts
// one LLM call, not two.
//
// # Transparency
//
// The caller gets the response and error exactly as the transport returned
// them, as soon as the transport returned them, whatever the status: no
// response body, of a success or of an error, is read ahead. The caller
// reads the body exactly as before: each Read goes straight to the
// underlying body, and its bytes are parsed after they are returned. The
// request is never modified (except by WithIncludeStreamUsage, which is
// opt-in). Its body is read up front, up to WithMaxRequestBody bytes: from
// a fresh copy (GetBody) when it has one, as openai-go, anthropic-sdk-go
// and http.NewRequest give; else from the body itself before it is sent,
// the bytes read then being replayed byte for byte ahead of the rest, so
// such a request is sent only once that much of its body has been read. A
// malformed, truncated or hostile body never fails the call, and the
// package never panics on one; recording failures never become the
// caller's.
//
// # Ending a call
//
// A call ends when its body reaches EOF or is closed, or a read fails,
// whichever comes first (so a body that is never closed leaves its span
// open, as with otelhttp), or with the response when it has no body. A streamed response (text/event-stream) is parsed
// event by event: usage comes from the last chunk (OpenAI, when the request
// asked for it with stream_options.include_usage; see
// WithIncludeStreamUsage) or from message_start and message_delta
// (Anthropic); the time to the first output token is recorded; a stream that
// ends before its final event (OpenAI "data: [DONE]", Responses API
// response.completed/incomplete/failed, Anthropic message_stop) is marked
// agentops.stream.incomplete. A response with an HTTP status of 400 or more
// ends the same way, with status Error, error.type the status code (e.g.
// "429") and error.message the status and the first 1 KiB of the body that
// the caller read. Nothing is read on the caller's behalf, so a body closed
// unread leaves the message without an excerpt (e.g. "HTTP 429 Too Many
// Requests"): openai-go and anthropic-sdk-go close an attempt they are
// about to retry that way, while they read the body of the error they
// return. A transport error or a failed read of a body of status below 400
// sets error.type to "timeout", "canceled", "unexpected_eof" or the error's
// type. An error the body itself reports (an error event in a stream) sets
// error.type to the provider's error type.
//
// # Bounds
//
// At most WithMaxRequestBody bytes of a request (default 1 MiB) and
// WithMaxResponseBody bytes of a response, of one stream event, and of
// streamed text (default 4 MiB) are retained; over-long bodies pass whole,
// and what lies past the bound is not recorded, except the usage at the end
// of an over-long JSON body, read from its last 4 KiB. At most 16 choices
// and 64 tool calls per choice are recorded. A compressed body that the
// transport did not decompress is not parsed.
//
// # Metrics
//
// With WithMeterProvider, gen_ai.client.token.usage and
// gen_ai.client.operation.duration are recorded with the OTel GenAI bucket
// boundaries. Without it, no metrics: the global MeterProvider is not used.
//
// Middleware, the Transport and options are safe for concurrent use.
package llmhttp
