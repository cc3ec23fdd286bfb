package otelagentops

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environment variables the SDK reads. doc.go lists each with its default and
// the option that overrides it.
const (
	envAPIKey             = "AGENTOPS_API_KEY"
	envAPIEndpoint        = "AGENTOPS_API_ENDPOINT"
	envExporterEndpoint   = "AGENTOPS_EXPORTER_ENDPOINT"
	envAppURL             = "AGENTOPS_APP_URL"
	envDefaultTags        = "AGENTOPS_DEFAULT_TAGS"
	envAutoStartSession   = "AGENTOPS_AUTO_START_SESSION"
	envEnvDataOptOut      = "AGENTOPS_ENV_DATA_OPT_OUT"
	envMaxQueueSize       = "AGENTOPS_MAX_QUEUE_SIZE"
	envMaxWaitTime        = "AGENTOPS_MAX_WAIT_TIME"
	envFlushInterval      = "AGENTOPS_EXPORT_FLUSH_INTERVAL"
	envLogLevel           = "AGENTOPS_LOG_LEVEL"
	envTraceContent       = "AGENTOPS_TRACE_CONTENT"
	envInheritedSessionID = "AGENTOPS_INHERITED_SESSION_ID"
	envOTelCaptureContent = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
	envOTelServiceName    = "OTEL_SERVICE_NAME"
	envBSPMaxQueueSize    = "OTEL_BSP_MAX_QUEUE_SIZE"
	envBSPScheduleDelay   = "OTEL_BSP_SCHEDULE_DELAY"
	envBSPExportTimeout   = "OTEL_BSP_EXPORT_TIMEOUT"
	envBSPMaxExportBatch  = "OTEL_BSP_MAX_EXPORT_BATCH_SIZE"
	envAttrValueLimit     = "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"
	envSpanAttrValueLimit = "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT"
)

// envReader parses environment variables and collects one error per bad
// value, naming the variable and the value.
type envReader struct {
	lookup func(string) (string, bool)
	errs   []error
}

func (r *envReader) fail(name, value, want string) {
	r.errs = append(r.errs, fmt.Errorf("%s=%q: %s", name, value, want))
}

func (r *envReader) str(name string, dst *string) {
	if v, ok := r.lookup(name); ok && strings.TrimSpace(v) != "" {
		*dst = strings.TrimSpace(v)
	}
}

func (r *envReader) boolean(name string, dst *bool) {
	v, ok := r.lookup(name)
	if !ok || strings.TrimSpace(v) == "" {
		return
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		r.fail(name, v, "want true or false")
		return
	}
	*dst = b
}

func (r *envReader) positiveInt(name string, dst *int) {
	v, ok := r.lookup(name)
	if !ok || strings.TrimSpace(v) == "" {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		r.fail(name, v, "want a positive whole number")
		return
	}
	*dst = n
}

// integer reads a whole number, negative ones included.
func (r *envReader) integer(name string, dst *int) {
	v, ok := r.lookup(name)
	if !ok || strings.TrimSpace(v) == "" {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		r.fail(name, v, "want a whole number (-1 for no limit)")
		return
	}
	*dst = n
}

// millis reads a duration given in milliseconds, as AgentOps and OTel both do.
func (r *envReader) millis(name string, dst *time.Duration) {
	n := 0
	if r.positiveInt(name, &n); n > 0 {
		*dst = time.Duration(n) * time.Millisecond
	}
}

// applyEnv overlays the environment on c. Where an AgentOps variable and an
// OTEL_BSP_* one set the same thing, the AgentOps one wins.
func (c *config) applyEnv(lookup func(string) (string, bool)) error {
	r := &envReader{lookup: lookup}
	r.millis(envBSPScheduleDelay, &c.flushInterval)
	r.millis(envBSPExportTimeout, &c.exportTimeout)
	r.positiveInt(envBSPMaxQueueSize, &c.maxQueueSize)
	r.positiveInt(envBSPMaxExportBatch, &c.maxExportBatchSize)
	r.integer(envAttrValueLimit, &c.attrValueLimit)
	r.integer(envSpanAttrValueLimit, &c.attrValueLimit) // the span-specific one wins, as in OTel
	r.str(envOTelServiceName, &c.serviceName)
	r.boolean(envOTelCaptureContent, &c.traceContent)

	if v, ok := lookup(envAPIKey); ok && strings.TrimSpace(v) != "" {
		c.apiKey, c.apiKeyFrom = strings.TrimSpace(v), envAPIKey
	}
	for name, dst := range map[string]*string{envAPIEndpoint: &c.apiEndpoint, envExporterEndpoint: &c.exporterEndpoint, envAppURL: &c.appURL} {
		before := *dst
		if r.str(name, dst); *dst != before {
			if err := checkURL(*dst); err != nil {
				r.fail(name, *dst, err.Error())
				*dst = before
			}
		}
	}
	if v, ok := lookup(envDefaultTags); ok {
		c.defaultTags = splitTags(v)
	}
	r.boolean(envAutoStartSession, &c.autoStartSession)
	r.boolean(envEnvDataOptOut, &c.envDataOptOut)
	r.positiveInt(envMaxQueueSize, &c.maxQueueSize)
	r.millis(envMaxWaitTime, &c.flushInterval)
	r.millis(envFlushInterval, &c.flushInterval)
	r.boolean(envTraceContent, &c.traceContent)
	if v, ok := lookup(envLogLevel); ok && strings.TrimSpace(v) != "" {
		level, err := parseLogLevel(v)
		if err != nil {
			r.fail(envLogLevel, v, err.Error())
		} else {
			c.logLevel = level
		}
	}
	if v, ok := lookup(envInheritedSessionID); ok && strings.TrimSpace(v) != "" {
		if _, err := ParseSessionID(v); err != nil {
			r.fail(envInheritedSessionID, v, "want a session ID (a UUID such as 8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11)")
		} else {
			c.inheritedSessionID = strings.TrimSpace(v)
		}
	}
	return errors.Join(r.errs...)
}

// splitTags splits a comma-separated list, dropping empty items.
func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// parseLogLevel accepts slog's level names and the Python SDK's ones.
func parseLogLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error", "critical":
		return slog.LevelError, nil
	}
	return 0, errors.New("want debug, info, warn or error")
}

// checkURL accepts absolute http and https URLs.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("want an absolute http(s) URL such as https://api.agentops.ai")
	}
	return nil
}
