package exporter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// ExportStats count what a BatchProcessor did with the spans it was given.
// Dropped spans found the queue full; held ones were in a batch sent while
// the endpoint was out of reach, kept to be sent again (with the next
// batch, ForceFlush or Shutdown); failed ones were in a batch the exporter
// refused, or held ones given up (beyond a queue's worth of them, or at
// Shutdown). Dropped is exact once a ForceFlush or Shutdown has returned;
// in between, spans still queued count as dropped. Queued always equals
// Exported + Failed + Held + Dropped: no span is lost uncounted.
type ExportStats struct {
	Queued   int64 // sampled spans handed to the processor
	Exported int64 // spans the exporter accepted
	Failed   int64 // spans refused, or held and given up
	Held     int64 // spans of batches that met an outage, to be sent again
	Dropped  int64 // spans lost to a full queue
}

// Add returns the sum of s and o, for a total over several processors.
func (s ExportStats) Add(o ExportStats) ExportStats {
	return ExportStats{Queued: s.Queued + o.Queued, Exported: s.Exported + o.Exported,
		Failed: s.Failed + o.Failed, Held: s.Held + o.Held, Dropped: s.Dropped + o.Dropped}
}

// exportCounts backs ExportStats for one processor.
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

// BatchProcessor is OTel's batch span processor with delivery that loses
// nothing uncounted. Each batch goes to its exporter as well as it can
// within the export timeout:
//
//   - strings that are not valid UTF-8 are repaired, since one bad byte
//     would make the whole OTLP request unsendable (the AgentOps exporters
//     of this package repair them in their own pass);
//   - while the endpoint refuses connections, or a connection breaks before
//     an answer comes, the batch is sent again with jittered backoff;
//   - a batch refused as too large (ErrRequestTooLarge) is sent again in
//     halves, down to single spans;
//   - a batch the endpoint was out of reach for until the export timeout is
//     held, up to the queue size in spans, and sent again before the next
//     batch, every batch timeout while idle, at ForceFlush and at Shutdown;
//   - a panicking exporter fails its batch instead of ending the program.
//
// It logs once when exports start failing and once when they recover, and
// counts every span (Stats). When Shutdown's context ends first, the export
// in flight is abandoned and counted failed, so that no goroutine outlives
// the deadline.
type BatchProcessor struct {
	sdktrace.SpanProcessor // OTel's batch span processor over exp
	counts                 *exportCounts
	exp                    *deliveringExporter
	abort                  context.CancelFunc // abandons the export in flight
}

var _ sdktrace.SpanProcessor = (*BatchProcessor)(nil)

// NewBatchProcessor returns a BatchProcessor exporting to exp with OTel's
// batch settings opts (queue size, batch size, batch and export timeouts,
// OTel's defaults where not given; the OTEL_BSP_* variables are not read).
// logger receives the failure and recovery messages; nil means
// slog.Default().
func NewBatchProcessor(exp sdktrace.SpanExporter, logger *slog.Logger, opts ...sdktrace.BatchSpanProcessorOption) *BatchProcessor {
	settings := sdktrace.BatchSpanProcessorOptions{MaxQueueSize: sdktrace.DefaultMaxQueueSize,
		BatchTimeout:       sdktrace.DefaultScheduleDelay * time.Millisecond,
		ExportTimeout:      sdktrace.DefaultExportTimeout * time.Millisecond,
		MaxExportBatchSize: sdktrace.DefaultMaxExportBatchSize}
	for _, o := range opts {
		o(&settings)
	}
	if logger == nil {
		logger = slog.Default()
	}
	held := &holdBack{limit: settings.MaxQueueSize}
	counts := &exportCounts{held: held}
	abort, cancel := context.WithCancel(context.Background())
	_, repairs := exp.(utf8Repairer)
	de := &deliveringExporter{SpanExporter: exp, counts: counts, logger: logger, abort: abort, repair: !repairs,
		held: held, timeout: settings.ExportTimeout, retry: heldRetry{every: settings.BatchTimeout}}
	// The settings, not opts: OTel's processor would read OTEL_BSP_* for
	// what opts leave out, and the hold limit must be its queue size.
	bsp := sdktrace.NewBatchSpanProcessor(de, sdktrace.WithMaxQueueSize(settings.MaxQueueSize),
		sdktrace.WithMaxExportBatchSize(settings.MaxExportBatchSize), sdktrace.WithBatchTimeout(settings.BatchTimeout),
		sdktrace.WithExportTimeout(settings.ExportTimeout))
	return &BatchProcessor{SpanProcessor: bsp, counts: counts, exp: de, abort: cancel}
}

// Stats returns the processor's counts so far.
func (p *BatchProcessor) Stats() ExportStats { return p.counts.stats() }

// OnEnd counts a sampled span and queues it.
func (p *BatchProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	if s.SpanContext().IsSampled() {
		p.counts.queued.Add(1)
	}
	p.SpanProcessor.OnEnd(s)
}

// ForceFlush flushes the queue, then sends the spans held from earlier
// outages, unless an export during this flush found the endpoint still out
// of reach (the flush would only wait a second export timeout). Its error
// says how many spans are still held.
func (p *BatchProcessor) ForceFlush(ctx context.Context) error {
	calls := p.exp.calls.Load()
	err := p.SpanProcessor.ForceFlush(ctx)
	if ctx.Err() != nil || (p.exp.calls.Load() != calls && p.counts.failing.Load()) {
		if n := p.exp.held.held(); n > 0 {
			err = errors.Join(err, fmt.Errorf("agentops: %d spans held for an endpoint out of reach", n))
		}
		return err
	}
	return errors.Join(err, p.exp.flushHeld(ctx))
}

// Shutdown flushes the queue, sends the held spans one last time, counts
// those still held failed and shuts the exporter down. When ctx ends first
// (OTel's processor then returns at once), the export in flight and those
// of the spans still queued are abandoned and counted failed.
func (p *BatchProcessor) Shutdown(ctx context.Context) error {
	err := p.SpanProcessor.Shutdown(ctx)
	if ctx.Err() != nil {
		p.abort()
	}
	return err
}

// errShutdownDeadline fails the exports left when Shutdown ran out of time.
var errShutdownDeadline = errors.New("agentops: span export abandoned: Shutdown's deadline passed")
