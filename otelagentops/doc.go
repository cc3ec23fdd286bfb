// Package otelagentops records AI-agent runs as AgentOps sessions on
// OpenTelemetry.
//
// A session is one execution of an agent workflow. It is the root span of
// one trace, and its ID (a UUID) is that trace's ID. Every LLM call, tool
// call, action and error of the run is a child span, and the session's
// stats (calls, tokens, cost, errors) are aggregated from those spans as
// they end, whoever made them. A call that fails is one error, though its
// caller's span and the SERVER span that handled it both record the
// failure (see Stats).
//
// # Getting started
//
// The package-level functions use a default client, as log/slog does:
//
//	s, err := otelagentops.Init(ctx)           // starts a session and returns it
//	defer otelagentops.Shutdown(ctx)           // ends it Indeterminate if still open, flushes
//	ctx, call, err := otelagentops.StartLLM(ctx, otelagentops.LLMRequest{Model: "gpt-4o"})
//	call.End(otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 12}}, nil)
//	err = otelagentops.EndSession(ctx, semconv.EndStateSuccess)
//
// Explicit clients (New) have the same methods. Every call takes a context:
// the session travels in it (StartSession returns a context carrying it).
// A call whose context carries no session uses its client's only active
// session; with none it fails with ErrNoActiveSession, and with several
// (WithConcurrentSessions) with ErrAmbiguousSession. Nothing panics on a
// missing session: the *Session, *LLMCall, *ToolCall and *Span returned
// with an error are nil and their methods are no-ops (a nil *Session's End,
// AddTags and SetTags return an error wrapping ErrNoActiveSession).
//
// # One session at a time
//
// As in AgentOps, one session is active at a time: StartSession while one
// runs fails with an error wrapping ErrSessionActive that names it.
// WithConcurrentSessions lifts the rule for servers running many agents.
//
// # Ending
//
// Session.End takes exactly semconv.EndStateSuccess, EndStateFail or
// EndStateIndeterminate, writes it as agentops.session.end_state and as the
// span status (OK, Error, Unset), and logs the summary line
//
//	Session Stats - Duration: 1m 2.3s | Cost: $0.000123 | LLMs: 3 | Tools: 1 | Actions: 2 | Errors: 0
//
// Shutdown ends any open session Indeterminate, saying it was never ended.
//
// # Your own TracerProvider
//
// The client builds a provider of its own (never the global one) unless
// given WithTracerProvider. To keep session stats, routing and
// cross-process joins with your provider, add the two pieces the client
// would have added, and name the processor:
//
//	proc := otelagentops.NewSessionProcessor(sdktrace.NewBatchSpanProcessor(exp))
//	tp := sdktrace.NewTracerProvider(
//		sdktrace.WithSpanProcessor(proc),
//		sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()),
//	)
//	client, err := otelagentops.New(ctx, otelagentops.WithTracerProvider(tp), otelagentops.WithSessionProcessor(proc))
//
// Without the IDGenerator a session adopts the trace ID the provider picks
// (Session.RootSpanIDDerived reports false). Without the processor, stats
// stay empty and a warning is logged once.
//
// # Configuration
//
// Settings resolve as built-in defaults < environment < options. Bad values
// fail New and Init with an error naming the variable (or option) and the
// value, except an API key, which no error shows: a key that is not a UUID
// fails with an error wrapping exporter.ErrMalformedAPIKey, and a key that
// AgentOps refuses makes the exports fail with exporter.ErrAPIKeyRejected
// (its spans counted as failed in ExportStats; recording goes on).
//
//	Variable                                   Default                      Option
//	AGENTOPS_API_KEY                           (none: offline)              WithAPIKey
//	AGENTOPS_API_ENDPOINT                      https://api.agentops.ai      WithAPIEndpoint
//	AGENTOPS_EXPORTER_ENDPOINT                 https://otlp.agentops.ai     WithExporterEndpoint
//	AGENTOPS_APP_URL                           https://app.agentops.ai      WithAppURL
//	AGENTOPS_DEFAULT_TAGS (comma-separated)    (none)                       WithDefaultTags
//	AGENTOPS_AUTO_START_SESSION                true                         WithAutoStartSession
//	AGENTOPS_ENV_DATA_OPT_OUT                  false                        WithoutEnvData
//	AGENTOPS_MAX_QUEUE_SIZE                    512                          WithMaxQueueSize
//	AGENTOPS_EXPORT_FLUSH_INTERVAL (ms)        1000                         WithFlushInterval
//	AGENTOPS_MAX_WAIT_TIME (ms, older name)    1000                         WithFlushInterval
//	AGENTOPS_LOG_LEVEL                         info                         WithLogLevel, WithLogger
//	AGENTOPS_TRACE_CONTENT                     true                         WithContentCapture
//	AGENTOPS_INHERITED_SESSION_ID              (none)                       WithInheritedSessionID
//	AGENTOPS_SESSION_DIR                       ./agentops-sessions          WithSessionDir (WithoutSessionSink: off)
//	AGENTOPS_JOURNAL_DIR (or off)              <session dir>/journal        WithJournalDir (WithoutJournal: off)
//	OTEL_EXPORTER_OTLP_ENDPOINT (base URL)     (none)                       WithOTLPEndpoint
//	OTEL_EXPORTER_OTLP_TRACES_ENDPOINT         (none)                       WithOTLPEndpoint
//	OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT  true                WithContentCapture
//	OTEL_SERVICE_NAME                          agentops                     WithServiceName
//	OTEL_BSP_MAX_QUEUE_SIZE                    512                          WithMaxQueueSize
//	OTEL_BSP_SCHEDULE_DELAY (ms)               1000                         WithFlushInterval
//	OTEL_BSP_EXPORT_TIMEOUT (ms)               30000                        WithExportTimeout
//	OTEL_BSP_MAX_EXPORT_BATCH_SIZE             512                          WithMaxExportBatchSize
//	OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT     131072 (characters)          WithAttributeValueLengthLimit
//	OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT          131072 (characters)          WithAttributeValueLengthLimit
//
// Where an AGENTOPS_ variable and an OTEL_ one set the same thing, the
// AGENTOPS_ one wins. Booleans take true/false/1/0. Sizes are bounded, by
// variable or option: a queue of at most 1048576 spans, batches of at most
// 65536, an attribute value length limit of -1 (none) or 1 to 16777216
// characters, durations of 1ms to 24h. OTEL_EXPORTER_OTLP_(TRACES_)
// COMPRESSION, _TIMEOUT and _HEADERS values that no OTLP exporter takes
// fail New even without an OTLP endpoint; a _PROTOCOL other than
// http/protobuf fails it only with one.
//
// # Export
//
// Spans go to every target configured, side by side: AgentOps when an API
// key is set (JWT-authenticated OTLP; see package exporter), an OTLP
// endpoint when WithOTLPEndpoint or OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is
// set (OTEL_EXPORTER_OTLP_(TRACES_)HEADERS, _COMPRESSION and _TIMEOUT apply
// to that endpoint only), and each WithExporter. With none of them, the
// local session sink writes one JSON document per session into
// ./agentops-sessions (AGENTOPS_SESSION_DIR, WithSessionDir), so a new user
// sees a result offline. Plain http:// to a host other than loopback is
// refused for the AgentOps endpoints, whose requests carry the API key,
// unless WithInsecure; an OTLP endpoint may be plain http://, as in
// OpenTelemetry.
//
// # When the backend fails
//
// Recording never waits for export: ended spans go into a bounded queue
// (WithMaxQueueSize), and a span that finds it full is dropped and counted.
// The client's batch processors (exporter.NewBatchProcessor, one per
// exporter) then deliver each batch as well as they can within
// the export timeout (WithExportTimeout, 30s): a batch whose endpoint
// refuses connections, or drops one before answering, is sent again with
// backoff (at least once, as OTLP specifies: a server that stored a batch
// and lost the connection before answering gets it twice); 429, 502, 503 and
// 504 are retried by otlptracehttp, honouring Retry-After. A batch the
// endpoint is still out of reach for when the export timeout ends is held in
// memory (up to WithMaxQueueSize spans more; ExportStats.Held) and sent
// again before the next batch, at ForceFlush, at Shutdown and every flush
// interval while no batch comes, so an outage of any length loses nothing
// that fitted in the queue and the hold. AgentOps re-authenticates once on
// 401; a batch refused as too large (413, by AgentOps or an OTLP endpoint)
// is sent again in halves; other 4xx answers fail the batch. Strings that
// are not valid UTF-8 are repaired, since one bad byte would make a whole
// OTLP batch unsendable, and string attribute values are cut at
// WithAttributeValueLengthLimit characters. Every span is counted in
// ExportStats as exported, failed, held or dropped; failures are logged when
// they start and when export recovers, and the totals at Shutdown. Shutdown
// returns when its context ends (with no deadline, after at most
// exporter.DefaultShutdownTimeout per exporter), abandoning (and counting)
// what is still being sent. A provider given with WithTracerProvider has its own batching:
// there only the exporters' behaviour applies.
//
// # Content
//
// Prompts, completions and tool, agent, workflow and task inputs and outputs
// are recorded by default, as the AgentOps dashboard shows them. Turn that
// off with WithContentCapture(false) or AGENTOPS_TRACE_CONTENT=false: then
// no such text leaves the process. WithRedactor rewrites each string first.
//
// # Cost
//
// Session stats price LLM calls with the embedded price table of package
// pricing, by response model, then request model. A model without a price
// is counted as unpriced, never as free. The estimate is not written on
// LLM spans: the AgentOps view's gen_ai.usage.total_cost would override the
// AgentOps backend's own pricing, so it comes only from LLMResponse.CostUSD
// (recorded as agentops.llm.cost_usd), a cost you know.
//
// Numbers that are none are not recorded: a NaN or infinite cost or request
// parameter, and a negative token count, are dropped (from any
// instrumentation's spans too, when the stats read them), counted in
// Stats.DroppedValues and logged as a warning at End. Token sums saturate at
// math.MaxInt64 instead of wrapping. Stats.String rounds the cost for
// display; Stats.CostUSD and the recorded figures stay exact: each call's
// cost is rounded to the picodollar (1e-12 USD) and the total is their
// exact sum, with no float noise, as the session document's per-call
// cost_usd (package sessiondoc) adds up to it.
//
// # What spans carry
//
// Spans are recorded once, in the OpenTelemetry GenAI conventions (v1.41)
// plus agentops.* keys: LLM calls "{operation} {model}", tools
// "execute_tool {name}", agents "invoke_agent {name}", workflows
// "invoke_workflow {name}", tasks "{name}.task", actions "{type}.action",
// errors "{kind}.error". OTLP backends receive that recording. The AgentOps
// exporter sends each span's AgentOps view instead (exporter.AgentOpsView:
// the keys the AgentOps backend and dashboard read, and gen_ai.* keys on LLM
// calls only, since the dashboard counts any span with one as an LLM call).
//
// # Sessions across processes (inherited sessions)
//
// A session may span several processes: workers, sub-agents, jobs. The
// process that starts it owns its root span; other processes join it and add
// their spans to the same trace (trace ID = session ID), under the root, each
// marked agentops.session.inherited=true. Hand a child process the session
// through its environment:
//
//	// owner
//	ctx, s, err := client.StartSession(ctx)
//	cmd := exec.CommandContext(ctx, "worker")
//	cmd.Env = append(os.Environ(), s.Environ()...) // later entries win
//
//	// worker: Init joins the session AGENTOPS_INHERITED_SESSION_ID names
//	s, err := otelagentops.Init(ctx)
//	defer otelagentops.Shutdown(ctx)
//
// Which form to use:
//
//   - A child process: Session.Environ (AGENTOPS_INHERITED_SESSION_ID,
//     TRACEPARENT, BAGGAGE), then Init, or Client.JoinInherited after New, in
//     the child.
//   - Any other transport (HTTP headers, a queue message as a
//     propagation.MapCarrier): Session.Inject on the sending side; Extract,
//     then JoinSession with the context and ID it returns, on the other.
//   - The bare session ID (WithInheritedSessionID or
//     AGENTOPS_INHERITED_SESSION_ID without TRACEPARENT, or JoinSession with a
//     context holding no span of the session): only when the owner's root
//     span ID is derived from the session ID, that is, the owner's provider
//     has this package's IDGenerator. The client's own provider always has
//     it; a provider given with WithTracerProvider needs
//     sdktrace.WithIDGenerator(NewIDGenerator()). In the owning process,
//     Session.RootSpanIDDerived reports it. Otherwise the joining process's
//     spans would name a parent that does not exist; give it the traceparent
//     (Environ, Inject), which always names the real root span.
//
// A joining process creates no second root. Its spans hang under the span
// its context names (the traceparent's span, else the root derived from the
// ID). It starts one span of its own, "<name>.process" (agentops.span.kind
// task, a kind the AgentOps backend knows, with agentops.session.inherited;
// name WithSessionName, default the program's file name), carrying
// its host environment (unless WithoutEnvData), process.pid and tags. Its
// Session's End writes that process's outcome and stats, with the keys a
// root uses (agentops.session.end_state, ...), on that span, not on the
// root, and flushes the client's spans; only the owner sets the session's
// end state. Stats in each process count that process's spans alone. The
// one-active-session rule applies to joined sessions too.
//
// # Ending well
//
// Client.Shutdown ends any open session Indeterminate, saying it was never
// ended, and flushes. Two opt-ins cover other exits: Client.HandleSignals
// ends sessions Fail on SIGINT and SIGTERM ("Signal SIGINT detected"),
// flushes within a deadline, then lets the signal end the process as it
// would have (with WithoutSignalExit, it leaves exiting to the program's
// own graceful shutdown; a signal ignored at start is never handled); and
// a deferred Client.Recover ends the session Fail with the
// panic value and stack, flushes, and panics again.
//
// Nothing can run on SIGKILL (or an OOM kill, a crash of the runtime,
// os.Exit, a signal's default action): spans still open are never exported,
// and spans that ended up to one flush interval before it may be lost (from
// the local session file of a long session, past 256 KiB, up to a second
// more per MiB it holds: see sessiondoc.Sink; never those that ended before
// a ForceFlush that returned). The
// session journal keeps the promise that a session never ended shows as
// Indeterminate: when a session starts, its identity (IDs, name, start
// time, the root's attributes) is copied into a journal file mapped in
// memory, which the kernel keeps when the process dies; its last exported
// activity is noted as batches are exported, and it is marked done when its
// root span has been exported. The process holds a lock (flock) on its
// journal for as long as the client lives. The next client using the same
// journal folder (New, Init, or Client.RecoverSessions, for a supervisor)
// finishes the sessions of every journal whose lock is free: it exports
// each one's root with its original IDs and start time, ended at its last
// activity, Indeterminate, with a reason saying the process ended without
// ending it, through all its exporters; then it removes that journal. The
// journal folder defaults to "journal" in the session folder when the
// client exports to AgentOps, OTLP or the session sink, and is off for
// clients with only WithExporter exporters, a provider of their own, or on
// platforms without flock (Windows). Sessions joined from another process,
// and sessions with their own configuration (WithSessionConfig), are not
// journaled: a dead joiner never ends the owner's session.
//
// All Client, Session and package-level functions are safe for concurrent use.
package otelagentops
