package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/sessiondoc"
)

// exportConfig holds the export settings beyond WithExporter: where spans
// go when no exporter is given. Its fields are resolved with the rest of the
// configuration (configFrom, then options, then validate).
type exportConfig struct {
	otlpURL          string // the OTLP/HTTP traces URL, "" for none
	otlpSource       string // what set otlpURL: an option or a variable, for errors
	otlpRaw          string // the value as given, for errors
	otlpEnvErr       error  // bad OTEL_EXPORTER_OTLP_* settings, reported when otlpURL is used
	insecure         bool
	otlpAgentOpsView bool   // the OTLP endpoint gets the AgentOps view
	sessionDir       string // "" means sessiondoc.DefaultDir
	journalDir       string // "" means the default (see journalDirOf)
	noJournal        bool
	sessionDirFrom   string // the variable or option that set sessionDir, for errors
	noSink           bool
}

// validate checks the export settings.
func (e exportConfig) validate(c config) error {
	if e.otlpURL == "" {
		return nil
	}
	var errs []error
	if u, err := url.Parse(e.otlpURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		given := fmt.Sprintf("%s=%q", e.otlpSource, e.otlpRaw)
		if e.otlpSource == "WithOTLPEndpoint" {
			given = fmt.Sprintf("WithOTLPEndpoint(%q)", e.otlpRaw)
		}
		errs = append(errs, fmt.Errorf("%s: want an absolute http(s) URL such as http://localhost:4318", given))
	}
	return errors.Join(append(errs, e.otlpEnvErr)...)
}

// checkWritableDir creates dir if needed and checks that a file can be
// written in it, so that an unusable session folder fails New rather than
// every session's file at its end.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".agentops-write-check-*")
	if err != nil {
		return err
	}
	return errors.Join(f.Close(), os.Remove(f.Name()))
}

// exportTargets are the exporters a client built from cfg sends spans to,
// and what it knows about AgentOps export.
type exportTargets struct {
	exporters []sdktrace.SpanExporter
	agentOps  bool          // spans go to AgentOps: print dashboard links
	projectID func() string // the AgentOps project, once known ("" before)
	builtAny  bool          // an exporter was built from the configuration (AgentOps, OTLP, the sink)
}

// buildExporters returns the exporters of cfg, all side by side: AgentOps
// when an API key is configured, the OTLP endpoint when one is configured,
// and those given with WithExporter; with none of them, the local session
// sink (unless WithoutSessionSink). If one cannot be built, those already
// built here are shut down and the error returned.
func buildExporters(ctx context.Context, cfg config) (exportTargets, error) {
	t := exportTargets{exporters: append([]sdktrace.SpanExporter(nil), cfg.exporters...)}
	var built []sdktrace.SpanExporter
	fail := func(err error) (exportTargets, error) {
		for _, e := range built {
			_ = e.Shutdown(ctx)
		}
		return exportTargets{}, fmt.Errorf("agentops: %w", err)
	}
	if cfg.apiKey != "" {
		opts := []exporter.Option{
			exporter.WithAPIKey(cfg.apiKey), exporter.WithAPIEndpoint(cfg.apiEndpoint),
			exporter.WithExporterEndpoint(cfg.exporterEndpoint), exporter.WithLogger(cfg.logger),
		}
		if cfg.export.insecure {
			opts = append(opts, exporter.WithInsecure())
		}
		ao, err := exporter.NewAgentOps(ctx, opts...)
		if err != nil {
			return fail(err)
		}
		built = append(built, ao)
		t.agentOps, t.projectID = true, ao.ProjectID
	}
	if cfg.export.otlpURL != "" {
		otlp, err := exporter.NewOTLP(ctx, otlptracehttp.WithEndpointURL(cfg.export.otlpURL))
		if err != nil {
			return fail(fmt.Errorf("OTLP exporter for %s: %w", cfg.export.otlpURL, err))
		}
		if cfg.export.otlpAgentOpsView {
			built = append(built, exporter.NewAgentOpsView(otlp))
		} else {
			built = append(built, otlp)
		}
	}
	if len(built) == 0 && len(t.exporters) == 0 && !cfg.export.noSink {
		dir := cfg.export.sessionDir
		from := cfg.export.sessionDirFrom
		if dir == "" {
			dir, from = sessiondoc.DefaultDir, "the default session folder"
		}
		if err := checkWritableDir(dir); err != nil {
			return fail(fmt.Errorf("%s %q: the session sink cannot write there: %w", from, dir, err))
		}
		sink, err := sessiondoc.NewSink(sessiondoc.WithDir(dir), sessiondoc.WithLogger(cfg.logger))
		if err != nil {
			return fail(err)
		}
		built = append(built, sink)
	}
	t.builtAny = len(built) > 0
	t.exporters = append(t.exporters, built...)
	return t, nil
}

// journalDirOf returns the session journal folder of cfg with targets t, or
// "" for none (see WithJournalDir).
func journalDirOf(cfg config, t exportTargets) string {
	switch e := cfg.export; {
	case e.noJournal:
		return ""
	case e.journalDir != "":
		return e.journalDir
	case !t.builtAny:
		return ""
	case e.sessionDir != "":
		return filepath.Join(e.sessionDir, "journal")
	}
	return filepath.Join(sessiondoc.DefaultDir, "journal")
}
