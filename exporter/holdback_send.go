package exporter

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// This file holds how held spans (see holdBack) are sent again: before the
// next batch (deliveringExporter.ExportSpans), at ForceFlush and Shutdown,
// and, while no batch comes, every flush interval (heldRetry).

// flushHeld sends the held spans, for ForceFlush, within ctx and the export
// timeout.
func (e *deliveringExporter) flushHeld(ctx context.Context) error {
	if e.held.held() == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	defer context.AfterFunc(e.abort, cancel)()
	e.sendMu.Lock()
	defer e.sendMu.Unlock()
	err := e.sendHeld(ctx)
	e.report(err)
	if n := e.held.held(); n > 0 {
		return fmt.Errorf("agentops: %d spans held for an endpoint out of reach: %w", n, err)
	}
	return nil
}

// Shutdown sends the held spans one last time (within ctx and the export
// timeout), counts those still held failed, and shuts the exporter down.
// The batch processor calls it once, after its last export.
func (e *deliveringExporter) Shutdown(ctx context.Context) error {
	defer e.shutOnce.Do(func() { close(e.shutDone) })
	e.retry.stop()
	err := e.flushHeld(ctx)
	for batch := e.held.take(); batch != nil; batch = e.held.take() {
		e.fail(len(batch), errors.Join(errHeldGivenUp, err))
	}
	return errors.Join(err, e.shutdownContained(ctx))
}

// errHeldGivenUp fails the spans still held when Shutdown has tried them a
// last time.
var errHeldGivenUp = errors.New("agentops: spans held for an endpoint out of reach were given up at Shutdown")

// shutdownContained shuts the exporter down, turning its panic into an
// error, as exportContained does.
func (e *deliveringExporter) shutdownContained(ctx context.Context) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("agentops: the span exporter panicked at Shutdown: %v", v)
		}
	}()
	return e.SpanExporter.Shutdown(ctx)
}

// heldRetry sends the held spans again every flush interval, from a
// goroutine that runs only while spans are held: an idle process that met
// an outage would otherwise keep them until its next batch or Shutdown.
type heldRetry struct {
	every time.Duration // the flush interval

	mu      sync.Mutex
	running bool
	stopped bool
	quit    chan struct{}
	done    sync.WaitGroup
}

// start runs the retry loop for e unless it runs already or was stopped.
func (r *heldRetry) start(e *deliveringExporter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running || r.stopped || r.every <= 0 {
		return
	}
	if r.quit == nil {
		r.quit = make(chan struct{})
	}
	r.running = true
	r.done.Add(1)
	go r.loop(e)
}

// loop tries the held spans every interval until none are left, the
// processor's Shutdown ran out of time, or stop.
func (r *heldRetry) loop(e *deliveringExporter) {
	defer r.done.Done()
	defer func() { // an exporter's panic must not end the program from here
		if v := recover(); v != nil {
			e.logger.Error("agentops: sending held spans panicked; they wait for the next batch", "panic", v)
			r.finish()
		}
	}()
	t := time.NewTicker(r.every)
	defer t.Stop()
	for {
		select {
		case <-r.quit:
			r.finish()
			return
		case <-e.abort.Done():
			r.finish()
			return
		case <-t.C:
		}
		_ = e.flushHeld(context.Background()) // bounded by the export timeout and abort
		r.mu.Lock()
		if e.held.held() == 0 { // checked under mu: a hold after this starts a new loop
			r.running = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
	}
}

func (r *heldRetry) finish() {
	r.mu.Lock()
	r.running = false
	r.mu.Unlock()
}

// stop ends the loop and waits for it; later starts do nothing.
func (r *heldRetry) stop() {
	r.mu.Lock()
	r.stopped = true
	if r.quit != nil {
		select {
		case <-r.quit:
		default:
			close(r.quit)
		}
	}
	r.mu.Unlock()
	r.done.Wait()
}
