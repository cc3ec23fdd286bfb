package exporter

import (
	"context"
	"errors"
	"sync"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// holdBack keeps the spans of batches that could not be delivered because
// the endpoint was out of reach, to send them again, oldest first, before
// later batches. OTel's batch processor drops a batch whose export failed;
// without it, an outage longer than the export timeout lost one batch per
// timeout. It holds at most limit spans (the queue size: an outage costs at
// most one more queue's worth of memory); the oldest beyond that are given
// up and counted failed.
type holdBack struct {
	limit int

	mu      sync.Mutex
	batches [][]sdktrace.ReadOnlySpan
	n       int // spans held
}

// add holds spans and returns how many of the oldest held spans it gave up
// to stay within the limit.
func (h *holdBack) add(spans []sdktrace.ReadOnlySpan) (evicted int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.batches = append(h.batches, spans)
	h.n += len(spans)
	for h.n > h.limit && len(h.batches) > 0 {
		over := h.n - h.limit
		oldest := h.batches[0]
		if len(oldest) <= over {
			h.batches, h.n, evicted = h.batches[1:], h.n-len(oldest), evicted+len(oldest)
			continue
		}
		h.batches[0], h.n, evicted = oldest[over:], h.n-over, evicted+over
	}
	return evicted
}

// take removes and returns the oldest held batch, or nil.
func (h *holdBack) take() []sdktrace.ReadOnlySpan {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.batches) == 0 {
		return nil
	}
	b := h.batches[0]
	h.batches[0] = nil
	h.batches, h.n = h.batches[1:], h.n-len(b)
	return b
}

// putBack returns a batch that take gave out to the front of the queue
// (its send failed again). It may exceed the limit until the next add.
func (h *holdBack) putBack(spans []sdktrace.ReadOnlySpan) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.batches = append([][]sdktrace.ReadOnlySpan{spans}, h.batches...)
	h.n += len(spans)
}

// held returns how many spans are held.
func (h *holdBack) held() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}

// outOfReach reports whether err says the endpoint could not be reached
// within the export's time (no connection, no answer, no token from the
// auth endpoint, or throttling and 5xx answers retried until the deadline):
// a batch failing so is held and sent again. Anything else (an invalid key,
// a 4xx, Shutdown's deadline) fails the batch for good. ctx is the
// export's: when its deadline passed, the request was cut by it whatever
// err says (net/http reports the deadline's cause, which the batch span
// processor sets to its own "processor export timeout" error).
func outOfReach(ctx context.Context, err error) bool {
	if errors.Is(err, ErrAPIKeyRejected) || errors.Is(err, ErrExporterShutdown) ||
		errors.Is(err, errShutdownDeadline) || errors.Is(err, context.Canceled) {
		return false
	}
	return noAnswer(err) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errNoToken) ||
		errors.Is(ctx.Err(), context.DeadlineExceeded)
}
