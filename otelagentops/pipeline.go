package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/exporter"
)

// ExportStats count what the client's batch processors did with the spans
// they were given. Dropped spans found the queue full; failed ones were in a
// batch the exporter could not deliver within the export timeout (or before
// Shutdown's deadline). Dropped is exact once a ForceFlush or Shutdown has
// returned; in between, spans still queued count as dropped. Queued always
// equals Exported + Failed + Dropped: no span is lost uncounted.
type ExportStats struct {
	Queued   int64 // spans handed to a batch processor (once per exporter)
	Exported int64 // spans the exporter accepted
	Failed   int64 // spans in batches the exporter returned an error for
	Dropped  int64 // spans lost to a full queue
	Late     int64 // spans of a session with its own configuration that ended after it, dropped (not counted in Queued)
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
// when exports start and stop failing (once each way, not per batch). It
// delivers each batch as well as it can within the export's context:
//
//   - strings that are not valid UTF-8 are repaired (exporter.ValidUTF8),
//     since one bad byte would make the whole OTLP request unsendable;
//   - while the endpoint refuses connections, or a connection breaks before
//     an answer comes, the batch is sent again with backoff (see noAnswer);
//   - a batch refused as too large (exporter.ErrRequestTooLarge) is sent
//     again in halves, down to single spans.
//
// abort ends when the Shutdown of its processor runs out of time: exports
// in flight then stop, so that no goroutine outlives Shutdown's deadline.
type countingExporter struct {
	sdktrace.SpanExporter
	counts *exportCounts
	logger *slog.Logger
	abort  context.Context
	repair bool // the exporter does not repair invalid UTF-8 itself (exporter.UTF8Repairer)
}

func (e *countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if err := e.abort.Err(); err != nil {
		e.counts.failed.Add(int64(len(spans)))
		return errShutdownDeadline
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(e.abort, cancel)()
	if e.repair {
		spans = exporter.ValidUTF8(spans)
	}
	err := e.deliver(ctx, spans)
	if err != nil {
		if !e.counts.failing.Swap(true) {
			e.logger.Warn("agentops: span export failed; spans of failed batches are counted in ExportStats", "spans", len(spans), "error", err)
		}
		return err
	}
	if e.counts.failing.Swap(false) {
		s := e.counts.stats()
		e.logger.Info("agentops: span export recovered", "failed_so_far", s.Failed, "exported_so_far", s.Exported)
	}
	return nil
}

// errShutdownDeadline fails the exports left when Shutdown ran out of time.
var errShutdownDeadline = errors.New("agentops: span export abandoned: Shutdown's deadline passed")

// countingProcessor counts the sampled spans it hands to its batch processor.
type countingProcessor struct {
	sdktrace.SpanProcessor
	counts *exportCounts
	abort  context.CancelFunc // abandons the export in flight
}

// Shutdown shuts the batch processor down. When ctx ends first (the batch
// processor then returns at once), the export in flight and those of the
// spans still queued are abandoned and counted failed, so that nothing
// outlives the deadline.
func (p *countingProcessor) Shutdown(ctx context.Context) error {
	err := p.SpanProcessor.Shutdown(ctx)
	if ctx.Err() != nil {
		p.abort()
	}
	return err
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
		abort, cancel := context.WithCancel(context.Background())
		_, repairs := exp.(exporter.UTF8Repairer)
		ce := &countingExporter{SpanExporter: exp, counts: counts, logger: c.logger, abort: abort, repair: !repairs}
		bsp := sdktrace.NewBatchSpanProcessor(ce, c.batchOptions()...)
		p.processors = append(p.processors, &countingProcessor{SpanProcessor: bsp, counts: counts, abort: cancel})
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
