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
//     would make the whole OTLP request unsendable, and status
//     descriptions are cut to the attribute value length limit's default
//     (the AgentOps exporters of this package do both in their own pass);
//   - while the endpoint refuses connections, or a connection breaks before
//     an answer comes, the batch is sent again with jittered backoff;
//   - a batch refused as too large (ErrRequestTooLarge) is sent again in
//     halves, down to single spans;
//   - a batch the endpoint was out of reach for until the export timeout is
//     held, up to the queue size in spans, and sent again before the next
//     batch, every batch timeout while idle, at ForceFlush and at Shutdown;
//   - a panicking exporter fails its batch instead of ending the program.
//
// ForceFlush also flushes the exporter, once its batches are delivered, if
// it has a method ForceFlush(context.Context) error (sessiondoc.Sink does:
// it writes the session documents it deferred): OTel's SpanExporter has
// none, and its batch processor calls ExportSpans only when spans are
// queued.
//
// It logs once when exports start failing and once when they recover, and
// counts every span (Stats). Export errors are never handed to OTel's
// global error handler (otel.Handle): the logger and Stats report them,
// and ForceFlush and Shutdown return those of the spans that failed in
// their time. When Shutdown's context ends first, the export in flight is
// abandoned and counted failed, so that no goroutine outlives the deadline.
type BatchProcessor struct {
	sdktrace.SpanProcessor // OTel's batch span processor over exp
	counts                 *exportCounts
	exp                    *deliveringExporter
	abort                  context.CancelFunc // abandons the export in flight
	stopped                atomic.Bool
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
		held: held, timeout: settings.ExportTimeout, retry: heldRetry{every: settings.BatchTimeout}, shutDone: make(chan struct{})}
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
// of reach (the flush would only wait a second export timeout), then
// flushes the exporter if it can be (see BatchProcessor). Its error says
// how many spans failed during the flush, and why the last did, how many
// are still held, and what the exporter's flush returned.
func (p *BatchProcessor) ForceFlush(ctx context.Context) error {
	calls, failed := p.exp.calls.Load(), p.counts.failed.Load()
	err := p.SpanProcessor.ForceFlush(ctx)
	if ctx.Err() != nil || (p.exp.calls.Load() != calls && p.counts.failing.Load()) {
		if n := p.exp.held.held(); n > 0 {
			err = errors.Join(err, fmt.Errorf("agentops: %d spans held for an endpoint out of reach", n))
		}
	} else {
		err = errors.Join(err, p.exp.flushHeld(ctx))
	}
	if !p.stopped.Load() {
		err = errors.Join(err, p.exp.flushExporter(ctx))
	}
	return errors.Join(err, p.exp.failedSince(failed))
}

// DefaultShutdownTimeout bounds BatchProcessor.Shutdown when its context has
// no deadline: an endpoint that never answers would otherwise hold the
// program for two export timeouts (the last batch's, then the held
// spans'), a minute with OTel's defaults. A deadline of the caller's wins,
// longer or shorter.
const DefaultShutdownTimeout = 10 * time.Second

const (
	// shutdownNotice is how long Shutdown waits before it logs that it is
	// waiting for the endpoint (at once if spans are held for it already).
	shutdownNotice = time.Second
	// abandonGrace bounds the wait, once Shutdown's time is up, for the
	// abandoned exports to return and be counted; it is part of
	// DefaultShutdownTimeout.
	abandonGrace = time.Second
)

// Shutdown flushes the queue, sends the held spans one last time, counts
// those still held failed and shuts the exporter down, within ctx or, if
// ctx has no deadline, DefaultShutdownTimeout. When that time ends first
// (OTel's processor then returns at once), the export in flight and those
// of the spans still queued are abandoned and counted failed (Stats is
// exact when it returns, unless an exporter ignores its context). It logs
// once if it has to wait for an endpoint that does not answer. Spans that
// fail are logged (once) and counted, not returned; its error says that
// held spans were given up or, when its time ran out, how many spans
// failed during Shutdown and why the last did. Only the first call does
// anything.
func (p *BatchProcessor) Shutdown(ctx context.Context) error {
	if p.stopped.Swap(true) {
		return nil
	}
	var bounded context.CancelFunc
	if _, ok := ctx.Deadline(); !ok {
		ctx, bounded = context.WithTimeoutCause(ctx, DefaultShutdownTimeout-abandonGrace, errShutdownBound)
		defer bounded()
	}
	failed := p.counts.failed.Load()
	notice := shutdownNotice
	if p.exp.held.held() > 0 {
		notice = 0
	}
	timer := time.AfterFunc(notice, func() { p.noticeWaiting(ctx) })
	err := p.SpanProcessor.Shutdown(ctx)
	timer.Stop()
	if ctx.Err() != nil {
		p.abort()
		select { // the abandoned exports return at once: wait for their counts
		case <-p.exp.shutDone:
		case <-time.After(abandonGrace):
		}
		if bounded != nil && errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w: %w", errShutdownBound, err)
		}
		err = errors.Join(err, p.exp.failedSince(failed))
	}
	return err
}

// noticeWaiting logs that Shutdown is waiting for the endpoint.
func (p *BatchProcessor) noticeWaiting(ctx context.Context) {
	dl, _ := ctx.Deadline()
	p.exp.logger.Warn("agentops: Shutdown is waiting for the span endpoint, which has not answered; spans it cannot deliver by the deadline are counted failed",
		"held", p.exp.held.held(), "gives_up_in", time.Until(dl).Round(time.Millisecond))
}

// errShutdownDeadline fails the exports left when Shutdown ran out of time.
var errShutdownDeadline = errors.New("agentops: span export abandoned: Shutdown's deadline passed")

// errShutdownBound: Shutdown, given no deadline, reached DefaultShutdownTimeout.
var errShutdownBound = errors.New("agentops: Shutdown gave up on the span endpoint after DefaultShutdownTimeout")
