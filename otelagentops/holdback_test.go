package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/exporter"
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
		{fmt.Errorf("agentops: %w", exporter.ErrNoToken), true},
		{errors.Join(exporter.ErrInvalidAPIKey, context.DeadlineExceeded), false},
		{exporter.ErrExporterShutdown, false},
		{errShutdownDeadline, false},
		{context.Canceled, false},
		{errors.New("failed to send: 400 Bad Request"), false},
	} {
		if got := outOfReach(tc.err); got != tc.want {
			t.Errorf("outOfReach(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
