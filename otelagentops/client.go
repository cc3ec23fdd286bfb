package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// ScopeName is the instrumentation scope of the spans the SDK starts.
const ScopeName = "github.com/agentops-go/sdk/otelagentops"

// Version is the SDK's version (one source: the exporters' User-Agent carries
// it too).
const Version = envconfig.Version

// Client records sessions. Create one with New, or use the package-level
// default that Init creates. All methods are safe for concurrent use; after
// Shutdown they return ErrShutdown (Shutdown and ForceFlush themselves are
// no-ops then).
type Client struct {
	cfg       config
	opts      []Option // as given to New, for sessions with their own configuration
	tracer    trace.Tracer
	provider  trace.TracerProvider
	ownedTP   *sdktrace.TracerProvider // nil when the user's provider is used
	processor *SessionProcessor        // nil when the user gave a provider without one
	pipe      *pipeline
	journal   *journal // nil when off
	targets   exportTargets
	late      *lateSpans // drops the late spans of ended sessions that had their own pipeline

	mu      sync.Mutex
	active  []*Session // in start order; those not ready yet are starting
	closing bool       // Shutdown has begun

	shutdown     atomic.Bool
	shutdownOnce sync.Once
	warnedNoProc atomic.Bool
	warnedNoIDs  atomic.Bool
}

// New returns a client configured by the environment and opts (options win).
// It starts no session: call StartSession. Configuration problems are
// reported together in one error, naming each variable and bad value.
func New(ctx context.Context, opts ...Option) (*Client, error) {
	ctx = orBackground(ctx)
	cfg, err := newConfig(os.LookupEnv, opts)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, opts: append([]Option(nil), opts...), late: &lateSpans{logger: cfg.logger}}
	if cfg.tracerProvider != nil {
		c.provider, c.processor = cfg.tracerProvider, cfg.processor
	} else {
		res, err := c.resource(ctx) // first: a failure here must not leave exporters running
		if err != nil {
			return nil, err
		}
		if c.targets, err = buildExporters(ctx, cfg); err != nil {
			return nil, err
		}
		if dir := journalDirOf(cfg, c.targets); dir != "" {
			if c.journal, err = openJournal(dir, len(c.targets.exporters), cfg.logger); err != nil {
				cfg.logger.Warn("agentops: no session journal: sessions of this process will not be recovered after a crash", "error", err)
			}
		}
		c.pipe = newPipeline(cfg, c.targets.exporters, c.journal)
		c.processor = NewSessionProcessor(c.pipe.processors...)
		c.ownedTP = sdktrace.NewTracerProvider(
			sdktrace.WithIDGenerator(NewIDGenerator()),
			sdktrace.WithSpanProcessor(c.processor),
			sdktrace.WithResource(res),
			sdktrace.WithRawSpanLimits(cfg.spanLimits()),
		)
		c.provider = c.ownedTP
	}
	c.tracer = c.provider.Tracer(ScopeName, trace.WithInstrumentationVersion(Version))
	if n, err := c.RecoverSessions(ctx); err != nil {
		cfg.logger.Warn("agentops: recovering the sessions of ended processes", "recovered", n, "error", err)
	}
	if len(c.targets.exporters) == 0 && cfg.tracerProvider == nil {
		cfg.logger.Debug("agentops: no exporter configured; sessions are summarised in the log only")
	}
	return c, nil
}

// resource is the client provider's resource: OTel's defaults and
// OTEL_RESOURCE_ATTRIBUTES, the service name, the SDK, and WithResource.
func (c *Client) resource(ctx context.Context) (*resource.Resource, error) {
	res, err := resource.New(ctx,
		resource.WithFromEnv(), resource.WithTelemetrySDK(),
		resource.WithAttributes(
			semconv.ServiceName(c.cfg.serviceName),
			semconv.AgentOpsSDKName("agentops-go"),
			semconv.AgentOpsSDKVersion(Version),
		))
	if err != nil && res == nil {
		return nil, fmt.Errorf("agentops: building the resource: %w", err)
	}
	if c.cfg.resource != nil {
		if merged, err := resource.Merge(res, c.cfg.resource); err == nil {
			res = merged
		} else {
			return nil, fmt.Errorf("agentops: merging WithResource: %w", err)
		}
	}
	return res, nil
}

// TracerProvider returns the provider the client starts spans with, so that
// other instrumentation can put its spans in the same sessions.
func (c *Client) TracerProvider() trace.TracerProvider { return c.provider }

// Logger returns the logger the client logs with (WithLogger, else one
// writing to standard error at the configured level), so that
// instrumentation built on the client reports where the client does.
func (c *Client) Logger() *slog.Logger { return c.cfg.logger }

// ExportStats returns the counts of the client's batch processors (zero
// when the client uses your provider), and the late spans it dropped.
func (c *Client) ExportStats() ExportStats {
	var s ExportStats
	if c.pipe != nil {
		s.ExportStats = c.pipe.stats()
	}
	s.Late = c.late.count.Load()
	return s
}

// ActiveSessions returns the sessions started and not yet ended, oldest first.
func (c *Client) ActiveSessions() []*Session {
	c.mu.Lock()
	defer c.mu.Unlock()
	active := make([]*Session, 0, len(c.active))
	for _, s := range c.active {
		if s.ready {
			active = append(active, s)
		}
	}
	return active
}

// ForceFlush exports every ended span now. It honours ctx and returns its
// error if ctx ends first.
func (c *Client) ForceFlush(ctx context.Context) error {
	ctx = orBackground(ctx)
	if c.shutdown.Load() {
		return nil
	}
	var err error
	if f, ok := c.provider.(interface{ ForceFlush(context.Context) error }); ok {
		err = f.ForceFlush(ctx)
	}
	return errors.Join(err, ctx.Err())
}

// Shutdown ends every active session as Indeterminate, with a reason saying
// it was never ended, flushes, and shuts down the client's own provider and
// exporters (a provider given with WithTracerProvider is flushed, not shut
// down). Only the first call does anything and returns its result; later
// calls, and calls made while the first runs (they wait for it), return
// nil, as sdktrace.TracerProvider.Shutdown does. It honours ctx: when ctx
// ends first, it returns ctx's error.
func (c *Client) Shutdown(ctx context.Context) error {
	ctx = orBackground(ctx)
	var err error
	c.shutdownOnce.Do(func() {
		c.mu.Lock()
		c.closing = true // sessions starting now end themselves (publish) or are refused (activate)
		c.mu.Unlock()
		var errs []error
		for _, s := range c.ActiveSessions() {
			err := s.End(ctx, semconv.EndStateIndeterminate, WithReason(neverEndedReason))
			if err != nil && !errors.Is(err, ErrSessionEnded) {
				errs = append(errs, err)
			}
		}
		c.shutdown.Store(true)
		if c.ownedTP != nil {
			// The provider skips its processors when ctx is already done;
			// shutting the processor down as well stops the batch
			// goroutines anyway (they finish within the export timeout).
			errs = append(errs, c.ownedTP.Shutdown(ctx), c.processor.Shutdown(ctx))
			if c.journal != nil {
				c.journal.close()
			}
			if s := c.pipe.stats(); s.Dropped+s.Failed+s.Held > 0 {
				// Labelled as ExportStats' fields, whose docs say what each means.
				c.cfg.logger.Warn("agentops: spans were not delivered", "queued", s.Queued, "exported", s.Exported,
					"failed", s.Failed, "held", s.Held, "dropped", s.Dropped)
			}
		} else if f, ok := c.provider.(interface{ ForceFlush(context.Context) error }); ok {
			errs = append(errs, f.ForceFlush(ctx))
		}
		err = errors.Join(errs...)
	})
	return err
}

// neverEndedReason is the end-state reason of a session Shutdown ends.
const neverEndedReason = "N/A (process exited without ending the session: Shutdown was called with the session still active)"

// checkProcessor warns once when sessions cannot be tracked because the
// user's provider has no SessionProcessor of c (sawRoot: the processor saw
// s's first span), and once when an owned session's root span ID is not
// derived from its ID because the provider has no IDGenerator of this
// package: two different problems, two different fixes.
func (c *Client) checkProcessor(s *Session, sawRoot bool) {
	switch {
	case c.processor == nil || !sawRoot:
		if !c.warnedNoProc.Swap(true) {
			c.cfg.logger.Warn("agentops: the tracer provider has no SessionProcessor of this client: " +
				"session stats stay empty and spans are not stamped with the session ID; " +
				"build the provider with sdktrace.WithSpanProcessor(p) and pass WithSessionProcessor(p)")
		}
	case !s.joined && !s.derived && s.SpanContext().IsValid():
		if !c.warnedNoIDs.Swap(true) {
			c.cfg.logger.Warn("agentops: the tracer provider has no IDGenerator of this package: " +
				"sessions take the trace ID it picks, and a process joining one needs its traceparent " +
				"(Session.Environ, Session.Inject), not the bare session ID; " +
				"build the provider with sdktrace.WithIDGenerator(otelagentops.NewIDGenerator())")
		}
	}
}

// content returns the client's content capture policy.
func (c *Client) content() content {
	return content{capture: c.cfg.traceContent, redact: c.cfg.redact, limit: c.cfg.attrValueLimit}
}

// contentOf returns the content policy for recording into s: that of the
// session's own client, whichever client the call came through.
func (c *Client) contentOf(s *Session) content { return s.client.content() }

// DashboardURL returns the AgentOps dashboard link of the session with id:
// {app_url}/sessions?trace_id=<32 hex digits>.
func (c *Client) DashboardURL(id SessionID) string {
	return c.cfg.appURL + "/sessions?trace_id=" + id.TraceID().String()
}
