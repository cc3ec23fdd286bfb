package envconfig

// Names of the AgentOps variables the SDK reads. The doc.go of otelagentops
// and of exporter list each with its default and the option that overrides
// it. Durations are in milliseconds, as in the Python SDK and OTel.
const (
	// EnvAPIKey is the AgentOps API key, a UUID. Unset: no AgentOps export.
	EnvAPIKey = "AGENTOPS_API_KEY"
	// EnvAPIEndpoint is the AgentOps API base URL (auth, legacy REST).
	EnvAPIEndpoint = "AGENTOPS_API_ENDPOINT"
	// EnvExporterEndpoint is the AgentOps OTLP base URL.
	EnvExporterEndpoint = "AGENTOPS_EXPORTER_ENDPOINT"
	// EnvAppURL is the dashboard base URL of session links.
	EnvAppURL = "AGENTOPS_APP_URL"
	// EnvDefaultTags is the comma-separated tags every session starts with.
	EnvDefaultTags = "AGENTOPS_DEFAULT_TAGS"
	// EnvAutoStartSession says whether Init starts a session.
	EnvAutoStartSession = "AGENTOPS_AUTO_START_SESSION"
	// EnvEnvDataOptOut leaves host data off session spans.
	EnvEnvDataOptOut = "AGENTOPS_ENV_DATA_OPT_OUT"
	// EnvMaxQueueSize is the batch span processor's queue size; it wins
	// over EnvBSPMaxQueueSize.
	EnvMaxQueueSize = "AGENTOPS_MAX_QUEUE_SIZE"
	// EnvMaxWaitTime is the older name of EnvFlushInterval, which wins.
	EnvMaxWaitTime = "AGENTOPS_MAX_WAIT_TIME"
	// EnvFlushInterval is the longest wait of a span before export (ms);
	// it wins over EnvMaxWaitTime and EnvBSPScheduleDelay.
	EnvFlushInterval = "AGENTOPS_EXPORT_FLUSH_INTERVAL"
	// EnvLogLevel is the level of the default logger: debug, info, warn
	// (warning) or error (critical).
	EnvLogLevel = "AGENTOPS_LOG_LEVEL"
	// EnvTraceContent says whether content is recorded; it wins over
	// EnvOTelCaptureContent.
	EnvTraceContent = "AGENTOPS_TRACE_CONTENT"
	// EnvInheritedSessionID is the session a process joins (Session.Environ
	// sets it for a child).
	EnvInheritedSessionID = "AGENTOPS_INHERITED_SESSION_ID"
	// EnvSessionDir is the folder of the local session sink. The exporter
	// package reads it too, for its SessionSink.
	EnvSessionDir = "AGENTOPS_SESSION_DIR"
	// EnvJournalDir is the folder of the session journal, or "off".
	EnvJournalDir = "AGENTOPS_JOURNAL_DIR"
)

// Names of the OpenTelemetry variables the SDK reads. Where one sets what an
// AgentOps variable sets, the AgentOps one wins.
const (
	// EnvOTelCaptureContent says whether GenAI content is recorded.
	EnvOTelCaptureContent = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
	// EnvOTelServiceName is the service.name of the client's own provider.
	EnvOTelServiceName = "OTEL_SERVICE_NAME"
	// EnvBSPMaxQueueSize is OTel's batch span processor queue size.
	EnvBSPMaxQueueSize = "OTEL_BSP_MAX_QUEUE_SIZE"
	// EnvBSPScheduleDelay is OTel's batch span processor delay (ms).
	EnvBSPScheduleDelay = "OTEL_BSP_SCHEDULE_DELAY"
	// EnvBSPExportTimeout bounds one export (ms).
	EnvBSPExportTimeout = "OTEL_BSP_EXPORT_TIMEOUT"
	// EnvBSPMaxExportBatch is the most spans sent in one export.
	EnvBSPMaxExportBatch = "OTEL_BSP_MAX_EXPORT_BATCH_SIZE"
	// EnvAttrValueLimit bounds each string attribute value (-1: no limit).
	EnvAttrValueLimit = "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"
	// EnvSpanAttrValueLimit bounds each span string attribute value; it
	// wins over EnvAttrValueLimit, as in OTel.
	EnvSpanAttrValueLimit = "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT"

	// EnvOTLPEndpoint is an OTLP/HTTP base URL: /v1/traces is appended.
	EnvOTLPEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT"
	// EnvOTLPTracesEndpoint is an OTLP/HTTP traces URL, used as is (a URL
	// without a path gets /v1/traces); it wins over EnvOTLPEndpoint.
	EnvOTLPTracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"

	// The other OTLP settings are applied by otlptracehttp itself; the SDK
	// only checks them, so that a bad value is an error at New.
	EnvOTLPProtocol          = "OTEL_EXPORTER_OTLP_PROTOCOL"
	EnvOTLPTracesProtocol    = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
	EnvOTLPCompression       = "OTEL_EXPORTER_OTLP_COMPRESSION"
	EnvOTLPTracesCompression = "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"
	EnvOTLPTimeout           = "OTEL_EXPORTER_OTLP_TIMEOUT"
	EnvOTLPTracesTimeout     = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
	EnvOTLPHeaders           = "OTEL_EXPORTER_OTLP_HEADERS"
	EnvOTLPTracesHeaders     = "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
)
