package otelagentops

import (
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Option configures a Client. Options override the environment, which
// overrides the defaults; doc.go lists them all.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// WithAPIKey sets the AgentOps API key (a UUID). Overrides AGENTOPS_API_KEY.
// A key that is not a UUID, from either, fails New and Init with an error
// wrapping exporter.ErrMalformedAPIKey that names where it came from and
// never shows it. Default: none, and no AgentOps export.
func WithAPIKey(key string) Option {
	return optionFunc(func(c config) config { c.apiKey, c.apiKeyFrom = key, "WithAPIKey"; return c })
}

// WithAPIEndpoint sets the AgentOps API base URL. Default
// https://api.agentops.ai; overrides AGENTOPS_API_ENDPOINT.
func WithAPIEndpoint(url string) Option {
	return optionFunc(func(c config) config { c.apiEndpoint = url; return c })
}

// WithExporterEndpoint sets the AgentOps OTLP base URL. Default
// https://otlp.agentops.ai; overrides AGENTOPS_EXPORTER_ENDPOINT.
func WithExporterEndpoint(url string) Option {
	return optionFunc(func(c config) config { c.exporterEndpoint = url; return c })
}

// WithAppURL sets the AgentOps dashboard base URL used in session links.
// Default https://app.agentops.ai; overrides AGENTOPS_APP_URL.
func WithAppURL(url string) Option {
	return optionFunc(func(c config) config { c.appURL = url; return c })
}

// WithDefaultTags sets the tags every session starts with. Default none;
// overrides AGENTOPS_DEFAULT_TAGS.
func WithDefaultTags(tags ...string) Option {
	tags = append([]string(nil), tags...)
	return optionFunc(func(c config) config { c.defaultTags = tags; return c })
}

// WithAutoStartSession sets whether Init starts a session. Default true;
// overrides AGENTOPS_AUTO_START_SESSION. New never starts one.
func WithAutoStartSession(on bool) Option {
	return optionFunc(func(c config) config { c.autoStartSession = on; return c })
}

// WithoutEnvData leaves all host data (host, OS, runtime, CPU, memory) off
// session spans. By default they are on; overrides AGENTOPS_ENV_DATA_OPT_OUT.
func WithoutEnvData() Option {
	return optionFunc(func(c config) config { c.envDataOptOut = true; return c })
}

// WithMaxQueueSize sets the batch span processor's queue size; a span that
// finds the queue full is dropped and counted. It also bounds the spans held
// through an outage to be sent again (ExportStats.Held), so an outage costs
// at most twice this many spans in memory. Default 512, at most 1048576
// (1 Mi; more fails New); overrides AGENTOPS_MAX_QUEUE_SIZE and
// OTEL_BSP_MAX_QUEUE_SIZE.
func WithMaxQueueSize(n int) Option {
	return optionFunc(func(c config) config { c.maxQueueSize = n; return c })
}

// WithMaxExportBatchSize sets the most spans sent in one export. Default
// 512, at most 65536; overrides OTEL_BSP_MAX_EXPORT_BATCH_SIZE.
func WithMaxExportBatchSize(n int) Option {
	return optionFunc(func(c config) config { c.maxExportBatchSize = n; return c })
}

// WithFlushInterval sets the longest time a span waits before export.
// Default 1s, from 1ms to 24h; overrides AGENTOPS_EXPORT_FLUSH_INTERVAL,
// AGENTOPS_MAX_WAIT_TIME and OTEL_BSP_SCHEDULE_DELAY.
func WithFlushInterval(d time.Duration) Option {
	return optionFunc(func(c config) config { c.flushInterval = d; return c })
}

// WithExportTimeout bounds one export. Default 30s, from 1ms to 24h;
// overrides OTEL_BSP_EXPORT_TIMEOUT.
func WithExportTimeout(d time.Duration) Option {
	return optionFunc(func(c config) config { c.exportTimeout = d; return c })
}

// WithAttributeValueLengthLimit bounds each string attribute value (and each
// element of a string slice) of the client's own provider to n characters;
// longer ones are truncated by OTel. n = -1 means no limit; otherwise n is
// from 1 to 16777216 (16 Mi): other values fail New. Default
// 131072 characters (128 Ki), so that a huge prompt or tool output cannot
// make spans, the queue and export requests unbounded; overrides
// OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT and OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT.
// A provider given with WithTracerProvider keeps its own limits.
func WithAttributeValueLengthLimit(n int) Option {
	return optionFunc(func(c config) config { c.attrValueLimit = n; return c })
}

// WithLogger sets the logger of session links, summaries and export
// problems. Default: a text logger on stderr at AGENTOPS_LOG_LEVEL (info).
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c config) config { c.logger = l; return c })
}

// WithLogLevel sets the level of the default logger. Default info; overrides
// AGENTOPS_LOG_LEVEL; has no effect with WithLogger.
func WithLogLevel(level slog.Level) Option {
	return optionFunc(func(c config) config { c.logLevel = level; return c })
}

// WithContentCapture sets whether prompts, completions and tool inputs and
// outputs are recorded. Default true; overrides AGENTOPS_TRACE_CONTENT and
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.
func WithContentCapture(on bool) Option {
	return optionFunc(func(c config) config { c.traceContent = on; return c })
}

// WithRedactor sets a function every captured content string passes through
// before it is recorded.
func WithRedactor(r Redactor) Option {
	return optionFunc(func(c config) config { c.redact = r; return c })
}

// WithInheritedSessionID makes Init join the existing session with this ID
// instead of starting one. Overrides AGENTOPS_INHERITED_SESSION_ID.
func WithInheritedSessionID(id string) Option {
	return optionFunc(func(c config) config { c.inheritedSessionID = id; return c })
}

// WithConcurrentSessions lifts the one-active-session rule. Recording calls
// then find their session in the context, and a call whose context has none
// while several sessions are active fails with ErrAmbiguousSession.
func WithConcurrentSessions() Option {
	return optionFunc(func(c config) config { c.concurrentSessions = true; return c })
}

// WithServiceName sets the service.name resource attribute. Default
// "agentops"; overrides OTEL_SERVICE_NAME.
func WithServiceName(name string) Option {
	return optionFunc(func(c config) config { c.serviceName = name; return c })
}

// WithResource merges r into the resource of the client's own provider.
func WithResource(r *resource.Resource) Option {
	return optionFunc(func(c config) config { c.resource = r; return c })
}

// WithExporter adds an exporter that receives every span through the
// client's batch span processor. It may be given several times; the
// exporters then each receive every span. The client shuts them down. An
// exporter with a method SessionStarted(trace.TraceID, string), such as
// sessiondoc.Sink, is also told each session's trace ID and name when the
// session starts (not when the client joins one), on the caller's
// goroutine: it must not block.
func WithExporter(e sdktrace.SpanExporter) Option {
	return optionFunc(func(c config) config {
		c.exporters = append(append([]sdktrace.SpanExporter(nil), c.exporters...), e)
		return c
	})
}

// WithTracerProvider makes the client start its spans with tp instead of a
// provider of its own. The client then creates no provider and changes no
// global; tp's owner shuts it down. For session statistics, routing and
// cross-process joins, build tp with a SessionProcessor and the IDGenerator
// and pass the processor with WithSessionProcessor (see the package example).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c config) config { c.tracerProvider = tp; return c })
}

// WithSessionProcessor names the SessionProcessor installed in the provider
// given with WithTracerProvider.
func WithSessionProcessor(p *SessionProcessor) Option {
	return optionFunc(func(c config) config { c.processor = p; return c })
}
