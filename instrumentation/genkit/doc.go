// Package otelgenkit records Genkit (github.com/firebase/genkit/go) flows,
// model calls and tool calls into AgentOps sessions, so that a Genkit flow
// run inside a session shows its model calls, tokens and cost in
// Session.Stats and in every destination of the session.
//
//	rec := otelgenkit.New() // records with otelagentops.Default() unless WithClient
//	weather := otelgenkit.DefineTool(rec, g, "get_weather", "Gets the weather", getWeather)
//	flow := otelgenkit.DefineFlow(rec, g, "weatherFlow", func(ctx context.Context, q string) (string, error) {
//		return genkit.GenerateText(ctx, g, ai.WithPrompt(q), ai.WithTools(weather),
//			ai.WithMiddleware(rec.Middleware()))
//	})
//	out, err := flow.Run(sessionCtx, "What is the weather in Paris?")
//
// A flow run is a workflow span "invoke_workflow <flow>", each model call an
// LLM span "chat <model>" (with the model, provider, usage and finish
// reason, and the messages when the session captures content), each tool
// call a tool span "execute_tool <tool>", all recorded through otelagentops
// (StartWorkflow, StartLLM, StartTool) in the session the context carries,
// else the Recorder's client's only active session. With no session,
// nothing is recorded and Genkit runs as it would.
//
// # Why a middleware and not Genkit's own spans
//
// Genkit traces its actions with OpenTelemetry itself (package
// core/tracing): every flow, generate step, model and tool action is a span
// of the global TracerProvider (Genkit installs an SDK provider of its own
// as the global one when the global one is not an SDK provider), children
// of the context's span, with genkit:type, genkit:name,
// genkit:metadata:subtype and genkit:input/genkit:output JSON attributes.
// Those spans do not count in sessions by design, for three reasons:
//
//   - A model action span cannot make an LLM HTTP client step aside, so with
//     llmhttp on the model plugin's HTTP client one call would count twice.
//     The middleware's LLM call travels in the context down to the HTTP
//     client, and llmhttp steps aside (otelagentops.LLMCallFromContext):
//     one model call is one LLM span, with or without llmhttp.
//   - Which span is a model call (genkit:metadata:subtype) and its usage
//     (inside genkit:output) are known only as the span ends, as attributes
//     a processor cannot add to: the session stats and the AgentOps view
//     read the OTel GenAI keys, which Genkit's spans do not have.
//   - genkit:input and genkit:output hold prompts and completions whatever
//     the session's content capture says.
//
// Genkit's spans carry no gen_ai.* key, so when they do land in a session's
// trace (the global provider is the session client's, say) they count as
// nothing: no LLM call in Session.Stats, none in the AgentOps view. They do
// carry the content of genkit:input/genkit:output then.
//
// # The tree, whichever provider Genkit uses
//
// New registers a span processor on Genkit's provider (the global one,
// once per provider; it exports nothing). For every open Genkit span it
// knows the nearest ancestor that is not Genkit's, and the spans this
// package records hang under that ancestor: session → workflow → LLM and
// tool calls, whether Genkit's spans are exported (to the session, to the
// Genkit developer UI, to Google Cloud) or not. Genkit's model action span
// starts under the middleware's LLM span and tells the processor the
// model's name ("openai/gpt-4o-mini" is openai's gpt-4o-mini), which the
// middleware cannot otherwise know: Genkit gives model middleware no model
// name. Create the Recorder before running flows.
//
// # Usage and cost
//
// Tokens are ModelResponse.Usage as the model plugin reports them:
// InputTokens, OutputTokens, CachedContentTokens (cache reads) and
// ThoughtsTokens (reasoning). A response without a token count is recorded
// with its usage unknown, so the call counts as unpriced, never as free.
// Cost is the session's estimate from the price table, on the model name.
//
// # Not covered
//
// Generations without the middleware (ai.WithMiddleware is per call; Genkit
// has no registry-wide model middleware), tools and flows defined with
// genkit's own Define functions, embedders, retrievers and prompts' own
// spans. An llmhttp client alone on the model plugin records the model
// calls too, but under Genkit's model action span, which no session
// destination has unless Genkit's spans are exported with the session.
//
// Note that genkit.Init watches SIGINT and SIGTERM (signal.NotifyContext on
// the context it is given) until that context ends.
package otelgenkit
