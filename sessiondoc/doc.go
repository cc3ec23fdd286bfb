// Package sessiondoc reads a session's spans as a session document and
// sends it to the two destinations that want one: local files and servers
// that speak the AgentOps v2 REST API.
//
// # The session document
//
// A session is one trace: its root span (agentops.span.kind = session,
// trace ID = the session's UUID) and every span under it. Its document
// (Document, made by NewDocument) is the legacy AgentOps session object
// (Session: ID, start and end, end state and reason, tags, host_env) with
// the session's events in start order: "llms" for LLM calls (model,
// tokens, a cost the user gave, prompt and completion messages), "tools",
// "actions" and "errors" (a failed span, or an error recorded with a
// trigger, points at the event it concerns; a failed call is one "errors"
// event, though its caller's span and the SERVER span that handled it both
// have status Error, by the rule of the session stats). The SDK adds the
// session's name, its Stats as recorded on the root, and dropped_events.
//
// The SDK also adds what a viewer needs, which the legacy exporter does
// not send:
//
//   - spans: every span of the session's trace (Span), the root included,
//     in start order: span_id and parent_span_id give the tree; kind is
//     the span's own event's, else the rule the session stats share
//     (internal/spanclass); event_ids name its events, and each event
//     names its span_id. A span with no event of its own (an agent, a
//     workflow, a task, a foreign span such as an HTTP client's) keeps its
//     attributes, bounded (64, strings cut at 4 KiB; the agentops.session.*
//     keys kept past the bound) and without credentials (authorization,
//     cookies, tokens, API keys, HTTP headers, URL queries).
//   - processes: the processes that recorded them (Process), from each
//     span's resource (service.instance.id, process.pid, host.name,
//     service.name; a resource without process.pid is the exporting
//     process's), the one that started the session first; a process that
//     joined the session (its spans marked agentops.session.inherited) is
//     inherited. Its host environment is in the attributes of its
//     "<name>.process" span, the starting process's in host_env.
//   - on "llms" events: cost_usd, the call's cost as the session stats
//     count it (the user's cost, else the embedded price table's estimate
//     on the response model, then the request model; absent when
//     unpriced); time_to_first_token_ms (gen_ai.response.time_to_first_chunk,
//     in milliseconds to the microsecond); finish_reasons
//     (gen_ai.response.finish_reasons).
//
// Numbers are exact in the data and rounded only for display: costs are
// whole picodollars (1e-12 USD) and the session's stats.cost_usd is the
// exact sum of its process's calls' cost_usd (0.00072, never
// 0.0007199999999999999); a joined process's calls are in its own
// "<name>.process" span's agentops.session.* figures.
//
// # The whole session's figures
//
// stats are the figures of the process that started the session only:
// each process records its own (its SessionProcessor sees its own spans).
// Document.Totals sums them for the whole session, each call once: the
// root's stats, each joined process's "<name>.process" figures, and the
// events of a process that left none (running, or killed before it ended
// its part). Readers show Totals, never stats alone (the agentops viewer
// and command do).
//
// A document whose root span has not come is Partial ("partial": true):
// its header is what the other spans tell (the session ID, the earliest
// start, no tags), and the session's name when the client told the Sink
// at the start (Sink.SessionStarted), and it has no end_timestamp or
// end_state (jq .session.end_state gives null). A Sink writes such a running document
// as the session's spans arrive and completes it when the root comes; if
// the writer dies first the document stays running, and
// EndRunningDocument marks it ended (end_timestamp, end_state and
// end_state_reason set, still partial).
//
// The model reads the recording (the OTel GenAI conventions and agentops.*
// keys) first, and the AgentOps vocabulary of spans from other
// instrumentation (operation.name, gen_ai.usage.prompt_tokens,
// gen_ai.prompt.{i}.*, tool.name, ...) only where the recording's key is
// absent. Event IDs are derived from the span IDs, so mapping a span twice
// gives the same event. Timestamps are ISO-8601 UTC with microseconds and
// +00:00 (TimestampLayout).
//
// # Destinations
//
//   - Sink (NewSink): one JSON file per session, <dir>/<session-id>.json,
//     replaced atomically, readable with jq (jq .session.end_state FILE);
//     the offline default of otelagentops. It is written at every export
//     that carries the session's spans (running until the root arrives),
//     so SIGKILL loses only the spans not yet exported; a running document
//     past 256 KiB is rewritten at most once a second per MiB it holds,
//     and at once by ForceFlush (see Sink). The spans of a
//     session joined from another process go to
//     <session-id>.partial-<pid>.json: the owner writes <session-id>.json
//     and, when the session's root arrives, merges those files into it
//     and removes them.
//   - Legacy (NewLegacy): the AgentOps v2 REST API of the Python SDK 0.2–0.3
//     (/v2/create_session, /v2/create_events, /v2/update_session), for
//     servers that still speak it. The API key and the session tokens never
//     appear in a log line, an error or a request body.
//
// Their errors wrap the sentinels of package exporter
// (exporter.ErrExporterShutdown, ErrAPIKeyRejected, ErrMissingAPIKey,
// ErrInsecureEndpoint): test them with errors.Is.
//
// # Configuration
//
// Each constructor resolves its settings in one place: defaults, then the
// environment, then options (options win). A SinkOption configures a Sink,
// a LegacyOption a Legacy exporter; an Option (WithLogger, WithMaxSessions,
// WithMaxEvents) configures either. A bad environment value is an error
// naming the variable and the value (never the API key).
//
//	Variable                Default                   Option           Used by
//	AGENTOPS_SESSION_DIR    ./agentops-sessions       WithDir          Sink
//	AGENTOPS_API_KEY        (none: required)          WithAPIKey       Legacy
//	AGENTOPS_API_ENDPOINT   https://api.agentops.ai   WithAPIEndpoint  Legacy
//
// Options without a variable:
//
//	WithLogger       the logger; default slog.Default()
//	WithMaxSessions  sessions a Sink or Legacy keeps state for; default 256
//	WithMaxEvents    events, and spans, per session a Sink keeps (in memory and file); default 10000
//	WithInsecure     allow http:// to a non-loopback host (Legacy); default refused
//	WithHTTPClient   the HTTP client (Legacy); default: its own
//	WithTimeout      per HTTP request (Legacy); default 10s
//	WithUserAgent    the User-Agent (Legacy); default "agentops-go/<version>"
package sessiondoc
