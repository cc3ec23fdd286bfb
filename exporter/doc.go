// Package exporter sends agentops-go sessions where people can see them. It
// holds the transport: two sdktrace.SpanExporter implementations (AgentOps
// and OTLP), the AgentOps view of spans, and BatchProcessor, OTel's batch
// span processor with delivery that loses nothing uncounted. The session
// documents (local session files, the legacy v2 REST API) are in package
// sessiondoc.
//
// # Two views of one recording
//
// The SDK records each span once, in the OpenTelemetry GenAI conventions
// (v1.41) plus agentops.* keys. Two views are sent from that recording:
//
//	View      Sent by                                   What it is
//	OTLP      OTLP (NewOTLP), any OTel exporter         the recording as it is: clean OTel GenAI
//	AgentOps  AgentOps (NewAgentOps), NewAgentOpsView,  what the AgentOps backend and dashboard
//	          NewAgentOpsViewProcessor, AgentOpsView    read (see AgentOpsView)
//
// In the AgentOps view only LLM calls carry gen_ai.* keys (the dashboard
// counts any span with one as an LLM call): they gain the AgentOps usage
// keys (gen_ai.usage.prompt_tokens, ...), gen_ai.system, indexed content
// (gen_ai.prompt.{i}.*, gen_ai.completion.{i}.*) in place of the JSON
// messages, a model name the dashboard's header does not split, and status
// Ok when it was Unset. Each of their facts is sent once: they lose
// gen_ai.provider.name, gen_ai.request.stream, a gen_ai.response.finish_reasons
// of one reason and gen_ai.conversation.id, whose facts gen_ai.system,
// gen_ai.request.streaming, gen_ai.response.finish_reason and
// agentops.session.id carry (the AgentOps backend and dashboard read none
// of the four; a key holding a fact of its own, such as several finish
// reasons, stays). Tools, agents, workflows, tasks, actions, errors and
// session roots lose their gen_ai.* keys for tool.*, agent.* and
// operation.name, and tools, agents and workflows are named {name}.tool,
// {name}.agent and {name}.workflow. The view is computed at export, on
// the export goroutine, never on the one that ends a span. A session that
// ended Fail keeps its root's status Error, so that the dashboard lists it
// as failed; the dashboard's error count includes that root span. A failed
// call counts once, as in the session stats: of the two spans that report
// it (the caller's, and the SERVER span under it whose parent is remote),
// the SERVER span reads Unset, its description in error.message.
//
// To send to AgentOps through a pipeline of your own (a Collector that
// forwards to AgentOps, say), wrap your exporter with NewAgentOpsView, or
// your span processor with NewAgentOpsViewProcessor.
//
// # Delivery
//
// NewBatchProcessor is OTel's batch span processor around any exporter,
// with delivery that loses nothing uncounted: a batch is sent again while
// the endpoint gives no answer, split while it is too large (413), held
// through an outage longer than the export timeout and sent again later;
// invalid UTF-8 is repaired and a panicking exporter contained. Its Stats
// count every span as exported, failed, held or dropped. Failures are
// logged once (when they start, and when export recovers) by the logger
// given to it, never handed to OTel's global error handler; ForceFlush
// returns them. Shutdown honours its context's deadline or, without one,
// gives up after DefaultShutdownTimeout. otelagentops builds one per
// exporter; use it directly with a TracerProvider of your own.
//
// # Exporters
//
//   - AgentOps (NewAgentOps): the AgentOps view as OTLP/HTTP protobuf to
//     AgentOps, authenticated with the JWT that POST {api}/v3/auth/token
//     gives for the API key. No span is sent before the token exists; the
//     token is renewed before it expires and after a 401/403 (the batch is
//     then sent once more); OTel's retry handles 429/502/503/504 with
//     Retry-After; a 413 is an error wrapping ErrRequestTooLarge; invalid
//     UTF-8 is repaired rather than failing the whole batch. A
//     rejected key is logged once, with where to find a valid one, and
//     every export then fails with ErrAPIKeyRejected. The key and the token
//     never appear in a log line or an error.
//   - OTLP (NewOTLP): otlptracehttp for any OTLP/HTTP backend, whose errors
//     wrap ErrRequestTooLarge on a 413 (otlptracehttp reports it only as
//     text), so that the batch can be split.
//
// The errors of the exporters of package sessiondoc wrap this package's
// sentinel errors too.
//
// # Configuration
//
// Each constructor resolves its settings in one place: defaults, then the
// environment, then options (options win). Bad environment values are
// errors naming the variable and the value (never the API key). A key that
// is not a UUID makes NewAgentOps and NewLegacy fail with ErrMalformedAPIKey,
// before any network call; one AgentOps refuses gives ErrAPIKeyRejected.
//
//	Variable                     Default                    Option                Used by
//	AGENTOPS_API_KEY             (none)                     WithAPIKey            AgentOps
//	AGENTOPS_API_ENDPOINT        https://api.agentops.ai    WithAPIEndpoint       AgentOps (auth)
//	AGENTOPS_EXPORTER_ENDPOINT   https://otlp.agentops.ai   WithExporterEndpoint  AgentOps (+ /v1/traces)
//
// Options without a variable:
//
//	WithInsecure      allow http:// to non-loopback hosts (AgentOps); default refused
//	WithHTTPClient    the HTTP client (AgentOps wraps a copy of its Transport); default: its own
//	WithLogger        the logger; default slog.Default()
//	WithUserAgent     default "agentops-go/<Version>"
//	WithTimeout       per HTTP request; default 10s
//	WithGzip          gzip OTLP requests; default off
//	WithRetry         OTLP retry policy; default OTel's (5s, 30s, 1m)
//
// The AgentOps exporter pins every otlptracehttp setting, so the
// OTEL_EXPORTER_OTLP_* variables meant for another OTLP backend (headers
// in particular) never reach AgentOps.
//
// The exportertest package provides an AgentOps stand-in for tests.
package exporter
