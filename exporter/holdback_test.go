package exporter

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// spansNamed returns ended spans named by names, in order.
func spansNamed(names ...string) []sdktrace.ReadOnlySpan {
	stubs := make(tracetest.SpanStubs, len(names))
	for i, n := range names {
		stubs[i] = tracetest.SpanStub{Name: n}
	}
	return stubs.Snapshots()
}

func names(spans []sdktrace.ReadOnlySpan) string {
	out := ""
	for _, s := range spans {
		out += s.Name()
	}
	return out
}

// TestHoldBackKeepsTheNewestWithinItsLimit holds batches past the limit:
// the oldest spans go first, a batch is split when only part of it must
// go, and what is taken and put back comes out first again.
func TestHoldBackKeepsTheNewestWithinItsLimit(t *testing.T) {
	h := &holdBack{limit: 5}
	if n := h.add(spansNamed("a", "b", "c")); n != 0 {
		t.Errorf("evicted %d within the limit", n)
	}
	if n := h.add(spansNamed("d", "e", "f", "g")); n != 2 || h.held() != 5 {
		t.Errorf("evicted %d, held %d; want 2 evicted, 5 held", n, h.held())
	}
	first := h.take()
	if names(first) != "c" {
		t.Errorf("took %q, want the rest of the oldest batch, c", names(first))
	}
	h.putBack(first)
	var got string
	for b := h.take(); b != nil; b = h.take() {
		got += names(b) + "|"
	}
	if got != "c|defg|" || h.held() != 0 {
		t.Errorf("took %q and left %d, want c|defg| and nothing", got, h.held())
	}
}

// TestOutOfReach tells the errors whose batch is held from those that fail
// it for good.
func TestOutOfReach(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{fmt.Errorf("export: %w", context.DeadlineExceeded), true},
		{fmt.Errorf("agentops: %w", errNoToken), true},
		{errors.Join(ErrAPIKeyRejected, context.DeadlineExceeded), false},
		{ErrExporterShutdown, false},
		{errShutdownDeadline, false},
		{context.Canceled, false},
		{errors.New("failed to send: 400 Bad Request"), false},
	} {
		if got := outOfReach(context.Background(), tc.err); got != tc.want {
			t.Errorf("outOfReach(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
	// A request cut by the export's deadline reports the deadline's cause,
	// as the batch span processor sets it, not context.DeadlineExceeded.
	cause := errors.New("processor export timeout")
	ctx, cancel := context.WithTimeoutCause(context.Background(), time.Nanosecond, cause)
	defer cancel()
	<-ctx.Done()
	cut := fmt.Errorf("traces export: Post \"http://127.0.0.1:1/v1/traces\": %w", context.Cause(ctx))
	if !outOfReach(ctx, cut) || outOfReach(context.Background(), cut) {
		t.Errorf("a request cut by the export deadline (%v): out of reach only when its context's deadline passed", cut)
	}
	if outOfReach(ctx, ErrAPIKeyRejected) {
		t.Error("a rejected key is out of reach because the deadline passed too")
	}
}

// panickyExporter times out on its first export (the batch is held) and
// panics on every later one.
type panickyExporter struct{ calls atomic.Int32 }

func (p *panickyExporter) ExportSpans(ctx context.Context, _ []sdktrace.ReadOnlySpan) error {
	if p.calls.Add(1) == 1 {
		<-ctx.Done()
		return ctx.Err()
	}
	panic("exporter bug")
}

func (p *panickyExporter) Shutdown(context.Context) error { return nil }

// TestPanickingExporterIsContained: exporters run on goroutines the
// program does not own (the batch processor's, the idle retry's), where a
// panic would end it. A panicking exporter's batches are counted failed and
// the panic is logged; the held batch, the retry and Shutdown go on.
func TestPanickingExporterIsContained(t *testing.T) {
	exp := &panickyExporter{}
	logger, logs := newLogger()
	bp := NewBatchProcessor(exp, logger, sdktrace.WithExportTimeout(50*time.Millisecond),
		sdktrace.WithBatchTimeout(20*time.Millisecond))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bp))
	_, span := tp.Tracer("test").Start(context.Background(), "first")
	span.End()
	waitFor(t, "the held span to be retried and fail", func() bool { return bp.Stats().Failed == 1 })
	if !strings.Contains(logs.String(), "the span exporter panicked: exporter bug") {
		t.Errorf("the panic is not in the log:\n%s", logs)
	}
	_, span = tp.Tracer("test").Start(context.Background(), "second")
	span.End()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := tp.Shutdown(ctx); err != nil {
		t.Logf("Shutdown: %v", err)
	}
	if st := bp.Stats(); st.Failed != 2 || st.Queued != 2 || st.Held != 0 {
		t.Errorf("stats %+v, want both spans counted failed", st)
	}
}

// waitFor polls cond until it holds, failing after 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
