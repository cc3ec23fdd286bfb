package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// ExportStats count what the client's batch processors did with the spans
// they were given. Dropped spans found the queue full; failed ones were in a
// batch the exporter could not deliver. Dropped is exact once a ForceFlush or
// Shutdown has returned; in between, spans still queued count as dropped.
type ExportStats struct {
	Queued   int64 // spans handed to a batch processor (once per exporter)
	Exported int64 // spans the exporter accepted
	Failed   int64 // spans in batches the exporter returned an error for
	Dropped  int64 // spans lost to a full queue
}

// exportCounts backs ExportStats for one exporter.
type exportCounts struct {
	queued, exported, failed atomic.Int64
	failing                  atomic.Bool
}

func (c *exportCounts) stats() ExportStats {
	s := ExportStats{Queued: c.queued.Load(), Exported: c.exported.Load(), Failed: c.failed.Load()}
	s.Dropped = max(0, s.Queued-s.Exported-s.Failed)
	return s
}

// countingExporter counts what its exporter accepts and refuses, and logs
// when exports start and stop failing (once each way, not per batch).
type countingExporter struct {
	sdktrace.SpanExporter
	counts *exportCounts
	logger *slog.Logger
}

func (e *countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := e.SpanExporter.ExportSpans(ctx, spans)
	if err != nil {
		e.counts.failed.Add(int64(len(spans)))
		if !e.counts.failing.Swap(true) {
			e.logger.Warn("agentops: span export failed; spans of failed batches are counted in ExportStats", "spans", len(spans), "error", err)
		}
		return err
	}
	e.counts.exported.Add(int64(len(spans)))
	if e.counts.failing.Swap(false) {
		e.logger.Info("agentops: span export recovered")
	}
	return nil
}

// countingProcessor counts the sampled spans it hands to its batch processor.
type countingProcessor struct {
	sdktrace.SpanProcessor
	counts *exportCounts
}

func (p *countingProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	if s.SpanContext().IsSampled() {
		p.counts.queued.Add(1)
	}
	p.SpanProcessor.OnEnd(s)
}

// pipeline is one batch span processor per exporter.
type pipeline struct {
	processors []sdktrace.SpanProcessor
	counts     []*exportCounts
}

// newPipeline builds one batch processor per exporter.
func newPipeline(c config, exporters []sdktrace.SpanExporter) *pipeline {
	p := &pipeline{}
	for _, exp := range exporters {
		counts := &exportCounts{}
		bsp := sdktrace.NewBatchSpanProcessor(&countingExporter{SpanExporter: exp, counts: counts, logger: c.logger}, c.batchOptions()...)
		p.processors = append(p.processors, &countingProcessor{SpanProcessor: bsp, counts: counts})
		p.counts = append(p.counts, counts)
	}
	return p
}

// stats sums the counts of every exporter.
func (p *pipeline) stats() ExportStats {
	var sum ExportStats
	for _, c := range p.counts {
		s := c.stats()
		sum.Queued += s.Queued
		sum.Exported += s.Exported
		sum.Failed += s.Failed
		sum.Dropped += s.Dropped
	}
	return sum
}

// fanOut returns the pipeline as one processor (for a session's own route).
func (p *pipeline) fanOut() sdktrace.SpanProcessor { return NewSessionProcessor(p.processors...) }

func (p *pipeline) forceFlush(ctx context.Context) error {
	var errs []error
	for _, sp := range p.processors {
		errs = append(errs, sp.ForceFlush(ctx))
	}
	return errors.Join(errs...)
}

func (p *pipeline) shutdown(ctx context.Context) error {
	var errs []error
	for _, sp := range p.processors {
		errs = append(errs, sp.Shutdown(ctx))
	}
	return errors.Join(errs...)
}
