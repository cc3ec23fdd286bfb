package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/exporter"
)

// ExportStats count what the client's batch processors did with the spans
// they were given. Dropped spans found the queue full; held ones were in a
// batch sent while the endpoint was out of reach, kept to be sent again
// (with the next batch, ForceFlush or Shutdown); failed ones were in a
// batch the exporter refused, or held ones given up (beyond a queue's worth
// of them, or at Shutdown). Dropped is exact once a ForceFlush or Shutdown
// has returned; in between, spans still queued count as dropped. Queued
// always equals Exported + Failed + Held + Dropped: no span is lost
// uncounted.
type ExportStats struct {
	Queued   int64 // spans handed to a batch processor (once per exporter)
	Exported int64 // spans the exporter accepted
	Failed   int64 // spans refused, or held and given up
	Held     int64 // spans of batches that met an outage, to be sent again
	Dropped  int64 // spans lost to a full queue
	Late     int64 // spans of a session with its own configuration that ended after it, dropped (not counted in Queued)
}

// exportCounts backs ExportStats for one exporter.
type exportCounts struct {
	queued, exported, failed atomic.Int64
	held                     *holdBack
	failing                  atomic.Bool
}

func (c *exportCounts) stats() ExportStats {
	s := ExportStats{Queued: c.queued.Load(), Exported: c.exported.Load(), Failed: c.failed.Load(), Held: int64(c.held.held())}
	s.Dropped = max(0, s.Queued-s.Exported-s.Failed-s.Held)
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
//     again in halves, down to single spans;
//   - a batch the endpoint was out of reach for until the export timeout
//     is held (see holdBack) and sent again before the next batch, at
//     ForceFlush and at Shutdown.
//
// abort ends when the Shutdown of its processor runs out of time: exports
// in flight then stop, so that no goroutine outlives Shutdown's deadline.
type countingExporter struct {
	sdktrace.SpanExporter
	counts *exportCounts
	logger *slog.Logger
	abort  context.Context
	repair bool // the exporter does not repair invalid UTF-8 itself (exporter.UTF8Repairer)

	held     *holdBack
	timeout  time.Duration // the export timeout, which bounds the sending of held spans
	sendMu   sync.Mutex    // one sender at a time: the batch processor, ForceFlush, Shutdown or retry
	calls    atomic.Int64  // ExportSpans calls so far
	retry    heldRetry     // sends held spans again while no batch comes
	panicked atomic.Bool   // the exporter panicked once (logged)
}

// ExportSpans delivers the held spans, then spans. It returns nil when what
// it could not deliver is held, since nothing is lost yet; the log says
// once when exports start failing and once when they recover.
func (e *countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.calls.Add(1)
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
	e.sendMu.Lock()
	defer e.sendMu.Unlock()
	err := e.sendHeld(ctx)
	var unsent []sdktrace.ReadOnlySpan
	if err != nil {
		unsent = slices.Clone(spans) // the endpoint is still out of reach
	} else {
		unsent, err = e.deliver(ctx, spans)
	}
	if len(unsent) > 0 {
		e.counts.failed.Add(int64(e.held.add(unsent)))
		e.retry.start(e)
	}
	e.report(err)
	if len(unsent) > 0 && outOfReach(ctx, err) {
		return nil
	}
	return err
}

// report logs when exports start failing and when they recover.
func (e *countingExporter) report(err error) {
	if err != nil {
		if !e.counts.failing.Swap(true) {
			e.logger.Warn("agentops: span export failed; spans of batches the endpoint was out of reach for are held and sent again, others are counted failed in ExportStats",
				"held", e.held.held(), "error", err)
		}
		return
	}
	if e.counts.failing.Swap(false) {
		s := e.counts.stats()
		e.logger.Info("agentops: span export recovered", "failed_so_far", s.Failed, "exported_so_far", s.Exported)
	}
}

// errShutdownDeadline fails the exports left when Shutdown ran out of time.
var errShutdownDeadline = errors.New("agentops: span export abandoned: Shutdown's deadline passed")

// countingProcessor counts the sampled spans it hands to its batch processor.
type countingProcessor struct {
	sdktrace.SpanProcessor
	counts   *exportCounts
	exporter *countingExporter
	abort    context.CancelFunc // abandons the export in flight
}

// ForceFlush flushes the batch processor, then sends the spans held from
// earlier outages, unless an export during this flush found the endpoint
// still out of reach (the flush would only wait a second export timeout).
func (p *countingProcessor) ForceFlush(ctx context.Context) error {
	calls := p.exporter.calls.Load()
	err := p.SpanProcessor.ForceFlush(ctx)
	if ctx.Err() != nil || (p.exporter.calls.Load() != calls && p.counts.failing.Load()) {
		if n := p.exporter.held.held(); n > 0 {
			err = errors.Join(err, fmt.Errorf("agentops: %d spans held for an endpoint out of reach", n))
		}
		return err
	}
	return errors.Join(err, p.exporter.flushHeld(ctx))
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
		held := &holdBack{limit: c.maxQueueSize}
		counts := &exportCounts{held: held}
		abort, cancel := context.WithCancel(context.Background())
		_, repairs := exp.(exporter.UTF8Repairer)
		ce := &countingExporter{SpanExporter: exp, counts: counts, logger: c.logger, abort: abort, repair: !repairs,
			held: held, timeout: c.exportTimeout, retry: heldRetry{every: c.flushInterval}}
		bsp := sdktrace.NewBatchSpanProcessor(ce, c.batchOptions()...)
		p.processors = append(p.processors, &countingProcessor{SpanProcessor: bsp, counts: counts, exporter: ce, abort: cancel})
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
		sum.Held += s.Held
		sum.Dropped += s.Dropped
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
