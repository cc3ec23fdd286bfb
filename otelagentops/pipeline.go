package otelagentops

import (
	"context"
	"errors"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter"
)

// ExportStats count what the client's batch processors did with the spans
// they were given, summed over its exporters (see exporter.ExportStats:
// Queued always equals Exported + Failed + Held + Dropped), and the late
// spans of sessions that had their own configuration.
type ExportStats struct {
	exporter.ExportStats
	Late int64 // spans of a session with its own configuration that ended after it, dropped (not counted in Queued)
}

// pipeline is one exporter.BatchProcessor per exporter: the delivery of a
// client, or of a session started with its own configuration.
type pipeline struct {
	processors []sdktrace.SpanProcessor
	batches    []*exporter.BatchProcessor
	starters   []sessionStarter // the exporters told of each session's start
}

// sessionStarter is an exporter that wants to know of a session before
// its root span ends: sessiondoc.Sink, which names the session's running
// document from its first write.
type sessionStarter interface {
	SessionStarted(t trace.TraceID, name string)
}

// sessionStarted tells the pipeline's exporters that want to know that
// the session of trace t, named name, has started.
func (p *pipeline) sessionStarted(t trace.TraceID, name string) {
	for _, st := range p.starters {
		st.SessionStarted(t, name)
	}
}

// newPipeline builds one batch processor per exporter, telling j (when not
// nil) what each exports.
func newPipeline(c config, exporters []sdktrace.SpanExporter, j *journal) *pipeline {
	p := &pipeline{}
	for _, exp := range exporters {
		if st, ok := exp.(sessionStarter); ok {
			p.starters = append(p.starters, st)
		}
		if j != nil {
			exp = journalExporter{SpanExporter: exp, j: j}
		}
		bp := exporter.NewBatchProcessor(exp, c.logger, c.batchOptions()...)
		p.processors, p.batches = append(p.processors, bp), append(p.batches, bp)
	}
	return p
}

// stats sums the counts of every exporter.
func (p *pipeline) stats() exporter.ExportStats {
	var sum exporter.ExportStats
	for _, bp := range p.batches {
		sum = sum.Add(bp.Stats())
	}
	return sum
}

// fanOut returns the pipeline as one processor (for a session's own route).
func (p *pipeline) fanOut() sdktrace.SpanProcessor { return NewSessionProcessor(p.processors...) }

func (p *pipeline) shutdown(ctx context.Context) error {
	var errs []error
	for _, sp := range p.processors {
		errs = append(errs, sp.Shutdown(ctx))
	}
	return errors.Join(errs...)
}

// ownShutdown shuts down a session's own pipeline, if any.
func ownShutdown(ctx context.Context, own *pipeline) error {
	if own == nil {
		return nil
	}
	return own.shutdown(ctx)
}
