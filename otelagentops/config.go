package otelagentops

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// config is the resolved configuration of a Client. It is built once, by
// newConfig, and never changed afterwards.
type config struct {
	apiKey             string
	apiKeyFrom         string // the variable or option that set apiKey, for errors
	apiEndpoint        string
	exporterEndpoint   string
	appURL             string
	defaultTags        []string
	autoStartSession   bool
	envDataOptOut      bool
	maxQueueSize       int
	maxExportBatchSize int
	flushInterval      time.Duration
	exportTimeout      time.Duration
	attrValueLimit     int // characters; negative: no limit
	logLevel           slog.Level
	traceContent       bool
	inheritedSessionID string
	concurrentSessions bool
	serviceName        string

	logger         *slog.Logger
	redact         Redactor
	exporters      []sdktrace.SpanExporter
	tracerProvider trace.TracerProvider
	processor      *SessionProcessor
	resource       *resource.Resource
	export         exportConfig
}

// newConfig resolves the configuration in one place: the defaults and the
// environment (envconfig.Read, through lookupEnv), then opts in order, then
// validation. Every problem is reported, joined, in one error.
func newConfig(lookupEnv func(string) (string, bool), opts []Option) (config, error) {
	env, envErr := envconfig.Read(lookupEnv)
	c := configFrom(env)
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	if err := errors.Join(envErr, c.validate(), c.export.validate(c)); err != nil {
		return config{}, fmt.Errorf("agentops: invalid configuration: %w", err)
	}
	c.appURL = strings.TrimRight(c.appURL, "/") // links are {app_url}/sessions?…
	if c.logger == nil {
		c.logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: c.logLevel}))
	}
	return c, nil
}

// configFrom returns the configuration that env sets, the layer under the
// options.
func configFrom(env envconfig.Config) config {
	c := config{
		apiKey:             env.APIKey,
		apiEndpoint:        env.APIEndpoint,
		exporterEndpoint:   env.ExporterEndpoint,
		appURL:             env.AppURL,
		defaultTags:        env.DefaultTags,
		autoStartSession:   env.AutoStartSession,
		envDataOptOut:      env.EnvDataOptOut,
		maxQueueSize:       env.MaxQueueSize,
		maxExportBatchSize: env.MaxExportBatchSize,
		flushInterval:      env.FlushInterval,
		exportTimeout:      env.ExportTimeout,
		attrValueLimit:     env.AttrValueLimit,
		logLevel:           env.LogLevel,
		traceContent:       env.TraceContent,
		inheritedSessionID: env.InheritedSessionID,
		serviceName:        env.ServiceName,
		export: exportConfig{
			otlpURL: env.OTLP.URL, otlpSource: env.OTLP.Source, otlpRaw: env.OTLP.Raw, otlpEnvErr: env.OTLP.Err,
			sessionDir: env.SessionDir, journalDir: env.JournalDir, noJournal: env.JournalOff,
		},
	}
	if c.export.sessionDir != "" {
		c.export.sessionDirFrom = envconfig.EnvSessionDir
	}
	if c.apiKey != "" {
		c.apiKeyFrom = envconfig.EnvAPIKey
	}
	return c
}

// validate checks the values that options may have set; values from the
// environment are checked as they are parsed.
func (c config) validate() error {
	var errs []error
	if c.apiKey != "" {
		if err := envconfig.CheckAPIKey(c.apiKey); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.apiKeyFrom, err))
		}
	}
	if c.inheritedSessionID != "" {
		if _, err := ParseSessionID(c.inheritedSessionID); err != nil {
			errs = append(errs, fmt.Errorf("inherited session ID: %w", err))
		}
	}
	// The environment's values were checked as they were read: these
	// errors are the options'.
	if err := envconfig.CheckSize(c.maxQueueSize, envconfig.MaxQueueSizeLimit); err != nil {
		errs = append(errs, fmt.Errorf("max queue size WithMaxQueueSize(%d): %w", c.maxQueueSize, err))
	}
	if err := envconfig.CheckSize(c.maxExportBatchSize, envconfig.MaxExportBatchSizeLimit); err != nil {
		errs = append(errs, fmt.Errorf("max export batch size WithMaxExportBatchSize(%d): %w", c.maxExportBatchSize, err))
	}
	if err := envconfig.CheckDuration(c.flushInterval); err != nil {
		errs = append(errs, fmt.Errorf("flush interval WithFlushInterval(%v): %w", c.flushInterval, err))
	}
	if err := envconfig.CheckDuration(c.exportTimeout); err != nil {
		errs = append(errs, fmt.Errorf("export timeout WithExportTimeout(%v): %w", c.exportTimeout, err))
	}
	if err := envconfig.CheckAttrValueLimit(c.attrValueLimit); err != nil {
		errs = append(errs, fmt.Errorf("attribute value length limit WithAttributeValueLengthLimit(%d): %w", c.attrValueLimit, err))
	}
	for _, u := range []struct{ name, value string }{
		{"API endpoint", c.apiEndpoint}, {"exporter endpoint", c.exporterEndpoint}, {"app URL", c.appURL},
	} {
		if err := envconfig.CheckURL(u.value); err != nil {
			errs = append(errs, fmt.Errorf("%s %q: %w", u.name, u.value, err))
		}
	}
	if c.processor != nil && c.tracerProvider == nil {
		errs = append(errs, errors.New("WithSessionProcessor needs WithTracerProvider: the processor must be in the provider the client uses"))
	}
	return errors.Join(errs...)
}

// spanLimits returns the span limits of the client's own provider: OTel's
// defaults and OTEL_SPAN_*/OTEL_*_COUNT_LIMIT variables, with the attribute
// value length limit of c.
func (c config) spanLimits() sdktrace.SpanLimits {
	l := sdktrace.NewSpanLimits()
	l.AttributeValueLengthLimit = c.attrValueLimit
	return l
}

// batchOptions returns the BatchSpanProcessor settings of c.
func (c config) batchOptions() []sdktrace.BatchSpanProcessorOption {
	return []sdktrace.BatchSpanProcessorOption{
		sdktrace.WithMaxQueueSize(c.maxQueueSize),
		sdktrace.WithMaxExportBatchSize(min(c.maxExportBatchSize, c.maxQueueSize)),
		sdktrace.WithBatchTimeout(c.flushInterval),
		sdktrace.WithExportTimeout(c.exportTimeout),
	}
}
