package envconfig

import (
	"log/slog"
	"time"
)

// Version is the version of the agentops-go SDK: otelagentops.Version and
// exporter.Version are this constant, and UserAgent carries it.
const Version = "0.1.0"

// UserAgent is the User-Agent header of every request the exporters make,
// unless exporter.WithUserAgent sets another.
const UserAgent = "agentops-go/" + Version

// Defaults of the settings. The packages' doc.go tables and the doc comment
// of each option state them in prose: change both together.
const (
	// DefaultAPIEndpoint is the AgentOps API base URL (auth, legacy REST).
	DefaultAPIEndpoint = "https://api.agentops.ai"
	// DefaultExporterEndpoint is the AgentOps OTLP base URL.
	DefaultExporterEndpoint = "https://otlp.agentops.ai"
	// DefaultAppURL is the AgentOps dashboard base URL of session links.
	DefaultAppURL = "https://app.agentops.ai"
	// DefaultServiceName is the service.name of the client's own provider.
	DefaultServiceName = "agentops"
	// DefaultSessionName is the name of a session started without
	// WithSessionName.
	DefaultSessionName = "default"
	// DefaultSessionDir is the folder of the local session files, relative
	// to the working directory.
	DefaultSessionDir = "agentops-sessions"
	// DefaultLogLevel is the level of the client's default logger.
	DefaultLogLevel = slog.LevelInfo

	// DefaultMaxQueueSize is the batch span processor's queue size.
	DefaultMaxQueueSize = 512
	// DefaultMaxExportBatchSize is the most spans sent in one export.
	DefaultMaxExportBatchSize = 512
	// DefaultFlushInterval is the longest time a span waits before export.
	DefaultFlushInterval = time.Second
	// DefaultExportTimeout bounds one export.
	DefaultExportTimeout = 30 * time.Second

	// DefaultAttributeValueLengthLimit bounds each string attribute value
	// of the client's own provider, in characters (OTel truncates longer
	// ones): a huge prompt or tool output must not make spans, the queue
	// and export requests unbounded.
	DefaultAttributeValueLengthLimit = 128 << 10

	// MaxQueueSizeLimit is the largest queue size accepted (by variable or
	// option): the batch span processor allocates its queue up front, and
	// spans held through an outage take as many again.
	MaxQueueSizeLimit = 1 << 20
	// MaxExportBatchSizeLimit is the largest export batch size accepted: a
	// batch is one request, allocated up front.
	MaxExportBatchSizeLimit = 1 << 16
	// MaxAttributeValueLengthLimit is the largest attribute value length
	// limit accepted, in characters; -1 (no limit) is accepted too.
	MaxAttributeValueLengthLimit = 1 << 24
	// MaxDuration is the longest flush interval or export timeout
	// accepted: milliseconds past it would overflow time.Duration first.
	MaxDuration = 24 * time.Hour

	// DefaultRequestTimeout bounds each HTTP request of the exporters.
	DefaultRequestTimeout = 10 * time.Second
	// DefaultExitFlushTimeout bounds the flush that HandleSignals and
	// Recover do before the process exits.
	DefaultExitFlushTimeout = 5 * time.Second
)
