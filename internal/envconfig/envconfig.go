// Package envconfig is the one home of the SDK's configuration from the
// environment: the names of the AGENTOPS_* and OTEL_* variables the SDK
// reads, their defaults, how each value is parsed and checked, and the SDK's
// Version. Read resolves them once into a Config; otelagentops and exporter
// start from it and apply their options over it.
//
// Errors name the variable and the value, except the API key's value, which
// no error shows, and OTLP headers, which carry credentials.
package envconfig

import (
	"log/slog"
	"strings"
	"time"
)

// AgentOps is the AgentOps connection: the settings both otelagentops and
// exporter read.
type AgentOps struct {
	// APIKey is EnvAPIKey, "" when unset. It is not checked here, because
	// an option may replace it: check the key in use with CheckAPIKey.
	APIKey           string
	APIEndpoint      string // EnvAPIEndpoint, an absolute http(s) URL
	ExporterEndpoint string // EnvExporterEndpoint, an absolute http(s) URL
}

// Batch is the batch span processor's settings, all positive.
type Batch struct {
	MaxQueueSize       int
	MaxExportBatchSize int
	FlushInterval      time.Duration
	ExportTimeout      time.Duration
}

// Config is the configuration the environment sets over the defaults.
type Config struct {
	AgentOps
	Batch

	AppURL             string // an absolute http(s) URL
	DefaultTags        []string
	AutoStartSession   bool
	EnvDataOptOut      bool
	LogLevel           slog.Level
	TraceContent       bool
	InheritedSessionID string // "" or a valid session ID (ParseSessionID)
	ServiceName        string
	SessionDir         string // "" when unset
	JournalDir         string // "" when unset
	JournalOff         bool   // EnvJournalDir=off
	AttrValueLimit     int    // characters; negative: no limit
	OTLP               OTLP
}

// Read returns the defaults with the environment, read through lookup
// (os.LookupEnv but in tests), over them. It reports every bad value,
// joined, and leaves the default in its place.
func Read(lookup func(string) (string, bool)) (Config, error) {
	r := &reader{lookup: lookup}
	c := Config{
		AgentOps: r.agentOps(),
		Batch: Batch{
			MaxQueueSize:       DefaultMaxQueueSize,
			MaxExportBatchSize: DefaultMaxExportBatchSize,
			FlushInterval:      DefaultFlushInterval,
			ExportTimeout:      DefaultExportTimeout,
		},
		AppURL:           DefaultAppURL,
		AutoStartSession: true,
		LogLevel:         DefaultLogLevel,
		TraceContent:     true,
		ServiceName:      DefaultServiceName,
		AttrValueLimit:   DefaultAttributeValueLengthLimit,
	}
	// OTel's names first: where an AgentOps variable sets the same thing,
	// it is read later and wins.
	r.millis(EnvBSPScheduleDelay, &c.FlushInterval)
	r.millis(EnvBSPExportTimeout, &c.ExportTimeout)
	r.size(EnvBSPMaxQueueSize, &c.MaxQueueSize, MaxQueueSizeLimit)
	r.size(EnvBSPMaxExportBatch, &c.MaxExportBatchSize, MaxExportBatchSizeLimit)
	r.limit(EnvAttrValueLimit, &c.AttrValueLimit)
	r.limit(EnvSpanAttrValueLimit, &c.AttrValueLimit) // the span-specific one wins, as in OTel
	r.str(EnvOTelServiceName, &c.ServiceName)
	r.boolean(EnvOTelCaptureContent, &c.TraceContent)

	r.url(EnvAppURL, &c.AppURL)
	r.tags(EnvDefaultTags, &c.DefaultTags)
	r.boolean(EnvAutoStartSession, &c.AutoStartSession)
	r.boolean(EnvEnvDataOptOut, &c.EnvDataOptOut)
	r.size(EnvMaxQueueSize, &c.MaxQueueSize, MaxQueueSizeLimit)
	r.millis(EnvMaxWaitTime, &c.FlushInterval)
	r.millis(EnvFlushInterval, &c.FlushInterval)
	r.boolean(EnvTraceContent, &c.TraceContent)
	r.logLevel(EnvLogLevel, &c.LogLevel)
	r.sessionID(EnvInheritedSessionID, &c.InheritedSessionID)
	r.str(EnvSessionDir, &c.SessionDir)
	r.str(EnvJournalDir, &c.JournalDir)
	if strings.EqualFold(c.JournalDir, "off") {
		c.JournalDir, c.JournalOff = "", true
	}
	c.OTLP = r.otlp()
	return c, r.err()
}

// ReadAgentOps returns the AgentOps connection as Read does, and only the
// errors of its variables: an exporter is not refused for a setting it
// does not use.
func ReadAgentOps(lookup func(string) (string, bool)) (AgentOps, error) {
	r := &reader{lookup: lookup}
	a := r.agentOps()
	return a, r.err()
}

func (r *reader) agentOps() AgentOps {
	a := AgentOps{APIEndpoint: DefaultAPIEndpoint, ExporterEndpoint: DefaultExporterEndpoint}
	r.str(EnvAPIKey, &a.APIKey)
	r.url(EnvAPIEndpoint, &a.APIEndpoint)
	r.url(EnvExporterEndpoint, &a.ExporterEndpoint)
	return a
}
