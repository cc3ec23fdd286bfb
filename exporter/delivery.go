package exporter

// This file holds how one batch gets delivered: held spans first, then the
// batch, split while it is too large; what cannot be delivered for want of
// an answer is held (holdback.go). delivery_retry.go sends one attempt.

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
)

// deliveringExporter is the exporter a BatchProcessor hands its batches
// to: it delivers each one to the exporter it wraps as BatchProcessor
// describes, counts what was accepted and refused, and logs when exports
// start and stop failing (once each way, not per batch). abort ends when
// the processor's Shutdown runs out of time: exports in flight then stop.
type deliveringExporter struct {
	sdktrace.SpanExporter
	counts *exportCounts
	logger *slog.Logger
	abort  context.Context
	repair bool // the exporter does not repair invalid UTF-8 itself (utf8Repairer)

	held     *holdBack
	timeout  time.Duration // the export timeout, which bounds the sending of held spans
	sendMu   sync.Mutex    // one sender at a time: the batch processor, ForceFlush, Shutdown or retry
	calls    atomic.Int64  // ExportSpans calls so far
	retry    heldRetry     // sends held spans again while no batch comes
	panicked atomic.Bool   // the exporter panicked once (logged)

	lastErr  atomic.Pointer[error] // why spans were last counted failed
	shutOnce sync.Once
	shutDone chan struct{} // closed when Shutdown has returned: every span is counted
}

// ExportSpans delivers the held spans, then spans. It returns nil: what it
// could not deliver is held or counted failed, and the log says once when
// exports start failing and once when they recover. An error would reach
// OTel's global error handler (otel.Handle), once per batch, from the
// batch processor's goroutine; ForceFlush and Shutdown return what failed
// in their time instead (failedSince).
func (e *deliveringExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.calls.Add(1)
	if e.abort.Err() != nil {
		e.fail(len(spans), errShutdownDeadline)
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(e.abort, cancel)()
	if e.repair {
		spans = withValidUTF8(spans)
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
		e.fail(e.held.add(unsent), err)
		e.retry.start(e)
	}
	e.report(err)
	return nil
}

// fail counts n spans failed because of err.
func (e *deliveringExporter) fail(n int, err error) {
	if n == 0 {
		return
	}
	e.lastErr.Store(&err) // before the count: whoever sees the count sees a reason
	e.counts.failed.Add(int64(n))
}

// failedSince returns an error saying how many spans were counted failed
// since the failed count was before, and why the last of them failed; nil
// if none were.
func (e *deliveringExporter) failedSince(before int64) error {
	n := e.counts.failed.Load() - before
	if n <= 0 {
		return nil
	}
	return fmt.Errorf("agentops: %d spans failed to export: %w", n, *e.lastErr.Load())
}

// report logs when exports start failing and when they recover.
func (e *deliveringExporter) report(err error) {
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

// deliver exports spans, splitting a batch that is too large, and counts
// what was exported and what failed for good. It returns the spans it
// could not deliver because the endpoint was out of reach (see outOfReach),
// uncounted, for the caller to hold; unsent never aliases spans.
func (e *deliveringExporter) deliver(ctx context.Context, spans []sdktrace.ReadOnlySpan) (unsent []sdktrace.ReadOnlySpan, err error) {
	err = e.sendRetrying(ctx, spans)
	if errors.Is(err, ErrRequestTooLarge) && len(spans) > 1 && ctx.Err() == nil {
		half := len(spans) / 2
		unsentA, errA := e.deliver(ctx, spans[:half])
		unsentB, errB := e.deliver(ctx, spans[half:])
		return slices.Concat(unsentA, unsentB), errors.Join(errA, errB)
	}
	switch {
	case err == nil:
		e.counts.exported.Add(int64(len(spans)))
		return nil, nil
	case outOfReach(ctx, err):
		return slices.Clone(spans), err // the batch processor reuses its slice
	default:
		e.fail(len(spans), err)
		return nil, err
	}
}

// sendHeld sends the held batches, oldest first. It stops at the first one
// the endpoint is still out of reach for, which goes back to the front.
func (e *deliveringExporter) sendHeld(ctx context.Context) error {
	for {
		batch := e.held.take()
		if batch == nil {
			return nil
		}
		unsent, err := e.deliver(ctx, batch)
		if len(unsent) > 0 {
			e.held.putBack(unsent)
			return err
		}
	}
}

// flusher is an exporter that can be flushed (sessiondoc.Sink): what it
// accepted but has not finished with yet, it finishes before ForceFlush
// returns.
type flusher interface {
	ForceFlush(ctx context.Context) error
}

// flushExporter flushes the exporter, for BatchProcessor.ForceFlush, if it
// is a flusher and ctx has not ended, turning its panic into an error as
// exportContained does.
func (e *deliveringExporter) flushExporter(ctx context.Context) (err error) {
	f, ok := e.SpanExporter.(flusher)
	if !ok || ctx.Err() != nil {
		return nil
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("agentops: the span exporter panicked at ForceFlush: %v", v)
		}
	}()
	return f.ForceFlush(ctx)
}
