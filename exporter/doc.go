// Package exporter sends agentops-go sessions where people can see them. It
// holds four sdktrace.SpanExporter implementations, the AgentOps view of
// spans, and the mapping between OTel spans and the AgentOps session model.
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
// as failed; the dashboard's error count includes that root span.
//
// To send to AgentOps through a pipeline of your own (a Collector that
// forwards to AgentOps, say), wrap your exporter with NewAgentOpsView, or
// your span processor with NewAgentOpsViewProcessor.
//
// # Exporters
//
//   - AgentOps (NewAgentOps): the AgentOps view as OTLP/HTTP protobuf to
//     AgentOps, authenticated with the JWT that POST {api}/v3/auth/token
//     gives for the API key. No span is sent before the token exists; the
//     token is renewed before it expires and after a 401/403 (the batch is
//     then sent once more); OTel's retry handles 429/502/503/504 with
//     Retry-After; a 413 is an error wrapping ErrRequestTooLarge; invalid
//     UTF-8 is repaired (ValidUTF8) rather than failing the whole batch. A
//     rejected key is logged once, with where to find a valid one, and
//     every export then fails with ErrAPIKeyRejected. The key and the token
//     never appear in a log line or an error.
//   - OTLP (NewOTLP): otlptracehttp for any OTLP/HTTP backend, whose errors
//     wrap ErrRequestTooLarge on a 413 (otlptracehttp reports it only as
//     text), so that the batch can be split.
//   - SessionSink (NewSessionSink): the offline default of the SDK. One
//     JSON Document per session, <dir>/<session-id>.json, replaced
//     atomically, readable with jq (jq .session.end_state FILE); a session
//     whose root span never came is <session-id>.partial-<pid>.json. A
//     written session's events are dropped from memory: late children are
//     merged into the file on disk. After Shutdown, exports fail.
//   - Legacy (NewLegacy): the AgentOps v2 REST API of the Python SDK 0.2–0.3
//     (/v2/create_session, /v2/create_events, /v2/update_session), for
//     servers that still speak it.
//
// The session model: SessionOf maps a session's root span to the legacy
// session object, EventsOf maps any other span to "llms", "tools",
// "actions" and "errors" events, NewDocument maps a whole session. They
// read the recording (and, where its keys are absent, the AgentOps
// vocabulary of spans from other instrumentation).
// Timestamps are ISO-8601 UTC with microseconds and +00:00
// (TimestampLayout).
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
//	AGENTOPS_API_KEY             (none)                     WithAPIKey            AgentOps, Legacy
//	AGENTOPS_API_ENDPOINT        https://api.agentops.ai    WithAPIEndpoint       AgentOps (auth), Legacy
//	AGENTOPS_EXPORTER_ENDPOINT   https://otlp.agentops.ai   WithExporterEndpoint  AgentOps (+ /v1/traces)
//	AGENTOPS_SESSION_DIR         ./agentops-sessions        WithSessionDir        SessionSink
//
// Options without a variable:
//
//	WithInsecure      allow http:// to non-loopback hosts (AgentOps, Legacy); default refused
//	WithHTTPClient    the HTTP client (AgentOps wraps a copy of its Transport); default: its own
//	WithLogger        the logger; default slog.Default()
//	WithUserAgent     default "agentops-go/<Version>"
//	WithTimeout       per HTTP request; default 10s
//	WithGzip          gzip OTLP requests; default off
//	WithRetry         OTLP retry policy; default OTel's (5s, 30s, 1m)
//	WithMaxSessions   sessions held by SessionSink and Legacy; default 256
//	WithMaxEvents     events per session (held or in its file) by SessionSink; default 10000
//
// The AgentOps exporter pins every otlptracehttp setting, so the
// OTEL_EXPORTER_OTLP_* variables meant for another OTLP backend (headers
// in particular) never reach AgentOps.
//
// The exportertest package provides an AgentOps stand-in for tests.
package exporter
