// Package otellangchaingo records agents built on langchaingo
// (github.com/tmc/langchaingo, v0.1.14) into AgentOps sessions: chains,
// agent executors, tool calls and LLM calls become agent, workflow, tool
// and LLM call spans of the session, counted in its stats (LLM calls,
// tokens, cost, tool calls, errors).
//
// # Recording
//
// A Handler is a langchaingo callbacks.Handler. Give it to what you want
// recorded:
//
//   - the agent (agents.WithCallbacksHandler(h)) and its chains
//     (chains.WithCallback(h)): each chain run is a workflow span
//     "invoke_workflow chain" (Handler.Chain names it), its inputs and
//     outputs recorded when the session captures content;
//   - the agents.Executor, through h.Agent(name): its run is an agent span
//     "invoke_agent <name>";
//   - a tool that reports to its callbacks (langchaingo's own tools do):
//     a tool span named after the tool the agent chose (HandleAgentAction),
//     with its input and output. Wrap any other tool with WrapTool;
//   - the model (openai.WithCallback(h)): an LLM call span "chat <model>"
//     with its messages, response, finish reasons and token usage (from the
//     GenerationInfo keys langchaingo's models report: PromptTokens,
//     CompletionTokens, ReasoningTokens, PromptCachedTokens; Anthropic's
//     InputTokens, OutputTokens and cache counts), or better, wrap it with
//     WrapModel.
//
// langchaingo's callbacks do not say which model or provider a client was
// built for: name them with WithModel and WithProvider (a view per model:
// h.With(WithModel("gpt-4o"))), else an LLM call records the model only
// when its call options name one (WrapModel), and a call without a model
// counts as unpriced.
//
// Content (prompts, completions, tool input and output, chain inputs and
// outputs) is recorded only when the session captures content, with its
// redactor, as otelagentops' Start* functions do.
//
// # Sessions
//
// Spans are recorded in the session the callback's context carries, else
// in the only active session of the client given with WithClient, else of
// otelagentops.Default() at the time of the callback. With no session,
// nothing is recorded and the agent runs as before: recording never fails
// it.
//
// # Nesting
//
// A callback cannot return a context, so a span a callback starts is not
// in the context langchaingo passes down. But langchaingo passes the one
// context a run was started with to every callback of the run (the
// executor's, its chains', its model's and tools'), so the handler keeps
// the spans its callbacks opened per context, and parents each new span
// under the innermost one still open for that context: session → agent →
// chain → LLM call, and agent → tool. A span whose end callback never
// comes (the openai llm reports no failure to HandleLLMError) ends, failed,
// when the chain around it ends. A failed call of an unwrapped model used
// outside any chain has nothing to end it: its span stays open. Wrap such
// a model with WrapModel, which ends every call it makes.
//
// Concurrent runs are told apart by their context: runs started at once
// with the very same context value (the session's, say) share one stack
// and may nest into each other. Give each concurrent run a context of its
// own: any derived one (context.WithCancel, otelagentops.StartAgent)
// will do. WrapModel and WrapTool pass their span down in the context, so
// what runs inside them nests right whatever the concurrency.
//
// # One LLM call, one span
//
// An LLM call is recorded once, by whoever sees it first: WrapModel starts
// the call's span with otelagentops.StartLLM and passes the returned
// context down to the model, so that the model's own callbacks (when they
// are this handler) and an llmhttp transport on the model's HTTP client
// (openai.WithHTTPClient) find the open call (otelagentops.LLMCallFromContext)
// and step aside. The handler's LLM callbacks, having no context to pass
// down, cannot make llmhttp step aside. So, with llmhttp on the model's
// HTTP client, either wrap the model with WrapModel (the call is then a
// child of its chain), or do not give the handler to the model (llmhttp
// records the call, as a child of the span in the run's context, not of
// the chain). Giving the handler to an unwrapped model whose HTTP client
// has llmhttp records every call twice.
package otellangchaingo
