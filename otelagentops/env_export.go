package otelagentops

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// Environment variables of the export settings. The OTEL_EXPORTER_OTLP_*
// settings besides the endpoints are applied by otlptracehttp itself; they
// are checked here so that a bad value is an error at New.
const (
	envSessionDir            = "AGENTOPS_SESSION_DIR"
	envOTLPEndpoint          = "OTEL_EXPORTER_OTLP_ENDPOINT"
	envOTLPTracesEndpoint    = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
	envOTLPProtocol          = "OTEL_EXPORTER_OTLP_PROTOCOL"
	envOTLPTracesProtocol    = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
	envOTLPCompression       = "OTEL_EXPORTER_OTLP_COMPRESSION"
	envOTLPTracesCompression = "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"
	envOTLPTimeout           = "OTEL_EXPORTER_OTLP_TIMEOUT"
	envOTLPTracesTimeout     = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
	envOTLPHeaders           = "OTEL_EXPORTER_OTLP_HEADERS"
	envOTLPTracesHeaders     = "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
)

// applyEnv overlays export settings from the environment. The traces
// endpoint variable wins over the generic one; the generic one is a base
// URL (/v1/traces is appended), the traces one is used as is, except that a
// URL without a path gets /v1/traces (no receiver listens on "/"). Problems
// with the other OTLP settings are kept for validate, which reports them
// only when an OTLP endpoint is in use.
func (e *exportConfig) applyEnv(lookup func(string) (string, bool)) error {
	r := &envReader{lookup: lookup}
	r.str(envSessionDir, &e.sessionDir)
	var base, traces string
	r.str(envOTLPEndpoint, &base)
	r.str(envOTLPTracesEndpoint, &traces)
	switch {
	case traces != "":
		e.otlpURL, e.otlpSource, e.otlpRaw = traces, envOTLPTracesEndpoint, traces
		if u, err := url.Parse(traces); err == nil && (u.Path == "" || u.Path == "/") {
			e.otlpURL = envconfig.TracesURL(traces)
		}
	case base != "":
		e.otlpURL, e.otlpSource, e.otlpRaw = envconfig.TracesURL(base), envOTLPEndpoint, base
	}
	check := &envReader{lookup: lookup}
	for _, name := range []string{envOTLPProtocol, envOTLPTracesProtocol} {
		if v, ok := nonEmptyEnv(lookup, name); ok && v != "http/protobuf" {
			check.fail(name, v, "the SDK exports OTLP/HTTP with protobuf bodies: want http/protobuf, and an OTLP/HTTP endpoint (port 4318)")
		}
	}
	for _, name := range []string{envOTLPCompression, envOTLPTracesCompression} {
		if v, ok := nonEmptyEnv(lookup, name); ok && v != "gzip" && v != "none" {
			check.fail(name, v, "want gzip or none")
		}
	}
	for _, name := range []string{envOTLPTimeout, envOTLPTracesTimeout} {
		if v, ok := nonEmptyEnv(lookup, name); ok {
			if n, err := strconv.Atoi(v); err != nil || n < 0 {
				check.fail(name, v, "want a whole number of milliseconds")
			}
		}
	}
	for _, name := range []string{envOTLPHeaders, envOTLPTracesHeaders} {
		if v, ok := nonEmptyEnv(lookup, name); ok {
			if err := checkHeaders(v); err != nil {
				// The value is not shown: headers carry credentials.
				check.errs = append(check.errs, fmt.Errorf("%s: %w", name, err))
			}
		}
	}
	e.otlpEnvErr = errors.Join(check.errs...)
	return errors.Join(r.errs...)
}

func nonEmptyEnv(lookup func(string) (string, bool), name string) (string, bool) {
	v, ok := lookup(name)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

// checkHeaders checks a W3C-baggage-style list: key=value[,key=value].
func checkHeaders(s string) error {
	for i, item := range strings.Split(s, ",") {
		k, _, ok := strings.Cut(item, "=")
		if strings.TrimSpace(item) == "" {
			continue
		}
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("entry %d is not key=value (values are not shown, they may be credentials)", i+1)
		}
	}
	return nil
}
