// Package oteleino records the runs of Eino (github.com/cloudwego/eino)
// components into AgentOps sessions, through an Eino callbacks.Handler.
//
// Install the Handler globally, or for one run:
//
//	h := oteleino.NewHandler()
//	callbacks.AppendGlobalHandlers(h)               // at init: every component run
//	out, err := agent.Generate(ctx, msgs, agent.WithComposeOptions(compose.WithCallbacks(h)))
//
// Install it one way only: a handler both global and given to a run records
// that run twice.
//
// What each component run becomes (in the session the callback's context
// carries, else the client's only active session; with none, nothing is
// recorded and the run is untouched):
//
//   - a chat model (components.ComponentOfChatModel): an LLM call
//     (otelagentops.Client.StartLLM): model, parameters, messages, finish
//     reason and token usage from model.CallbackInput/CallbackOutput;
//     gen_ai.provider.name from the model's type (WithProvider);
//   - a tool: a tool call named after the tool, with its arguments, result
//     and the LLM tool call ID the ToolsNode ran it for;
//   - a graph, chain or workflow: an agent span when it is the outermost
//     one (or an Eino ReAct agent, react.GraphName), a workflow span when
//     nested in another;
//   - any other node (lambdas, the ToolsNode, templates, retrievers...): a
//     task span named after the node. Passthrough nodes are not recorded.
//
// Content (messages, tool arguments and results, graph input and output)
// is recorded only when the session captures content, as the SDK's own
// calls do.
//
// # One LLM call, one span
//
// Eino passes the context OnStart returns on to the component. The chat
// model's span is therefore in the context of the model's HTTP request, and
// an llmhttp-wrapped HTTP client under the model (e.g. eino-ext's OpenAI
// model with HTTPClient: &http.Client{Transport: llmhttp.NewTransport(nil)})
// steps aside (otelagentops.LLMCallFromContext): each call counts once,
// with or without llmhttp. Without this handler, llmhttp alone records the
// calls.
//
// # Streams
//
// A component that streams its output (Stream, or a graph run with Stream)
// gives each handler its own copy of the stream. The Handler reads its copy
// on a goroutine as the component produces it and ends the span when the
// stream ends: at EOF (the LLM call with the usage of the last chunk that
// reports one, as eino-ext's OpenAI model sends it), or at the stream's
// error. That goroutine ends with the stream; a stream the component never
// ends (a hung server with no timeout) keeps it. Since Eino ends a
// component's stream only when every copy is closed, a caller that closes
// its copy early no longer stops the model's stream: the handler reads it
// to its end (cancel the context to stop it), and the LLM call still gets
// its usage. ForceFlush waits for them:
// call it before ending a session whose runs streamed. An input given as a
// stream (Transform) is not recorded.
//
// A Handler is safe for concurrent use. callbacks.AppendGlobalHandlers is
// not: call it once, before any run.
package oteleino
