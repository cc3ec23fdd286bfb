package otelagentops

import (
	"context"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// exportConfig holds the export settings beyond WithExporter: where spans
// go when no exporter is given. Its fields are resolved with the rest of the
// configuration (applyEnv, then options, then validate).
type exportConfig struct{}

// applyEnv overlays export settings from the environment.
func (e *exportConfig) applyEnv(lookup func(string) (string, bool)) error { return nil }

// validate checks the export settings.
func (e exportConfig) validate(c config) error { return nil }

// exportTargets are the exporters a client built from cfg sends spans to,
// and what it knows about AgentOps export.
type exportTargets struct {
	exporters []sdktrace.SpanExporter
	agentOps  bool          // spans go to AgentOps: print dashboard links
	projectID func() string // the AgentOps project, once known ("" before)
}

// buildExporters returns the exporters of cfg: those given with WithExporter
// and, from the export settings, AgentOps, OTLP or the local session sink.
func buildExporters(ctx context.Context, cfg config) (exportTargets, error) {
	return exportTargets{exporters: cfg.exporters}, nil
}
