package sessiondoc

import (
	"fmt"
	"log/slog"
	"math"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// longSessionBatches returns a session of trace t as a long agent run
// hands it to a sink: n LLM-call spans in batches of 50, then the root.
func longSessionBatches(t trace.TraceID, n int) [][]sdktrace.ReadOnlySpan {
	llm := snapshotStubs(llmBatch()[:1])[0]
	root := sessionStubs()[5:]
	var out [][]sdktrace.ReadOnlySpan
	for from := 0; from < n; from += 50 {
		var batch []sdktrace.ReadOnlySpan
		for i := from; i < min(from+50, n); i++ {
			sp := llm
			sp.SpanContext = sp.SpanContext.WithTraceID(t).WithSpanID(trace.SpanID{byte(i), byte(i >> 8), 0x10})
			sp.Parent = sp.Parent.WithTraceID(t)
			sp.StartTime = sp.StartTime.Add(time.Duration(i) * time.Millisecond)
			batch = append(batch, sp.Snapshot())
		}
		out = append(out, batch)
	}
	return append(out, onTrace(root, t).Snapshots())
}

// BenchmarkSinkLongSession exports long running sessions (n LLM spans in
// batches of 50, then the root) to a sink, rewriting the running document
// at every batch (every-batch: the sink before deferral) or when it is due
// (deferred), with the batches back to back (an export goroutine that has
// fallen behind) or one a second (the batch processor's schedule, on a
// clock moved on a second per batch: the wake-ups run as it passes them).
// It reports the bytes written per session (MB/session) and the time per
// span exported.
func BenchmarkSinkLongSession(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		for _, cadence := range []string{"back-to-back", "1s"} {
			for _, mode := range []string{"every-batch", "deferred"} {
				b.Run(fmt.Sprintf("spans=%d/%s/%s", n, cadence, mode), func(b *testing.B) {
					benchLongSession(b, n, cadence == "1s", mode == "every-batch")
				})
			}
		}
	}
}

func benchLongSession(b *testing.B, n int, cadence, everyBatch bool) {
	s, err := NewSink(WithDir(b.TempDir()), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Shutdown(b.Context())
	clock := newWallClock()
	if cadence {
		s.clock = clock
	}
	if everyBatch {
		s.prompt = math.MaxInt
	}
	b.ReportAllocs()
	sessions := 0
	for b.Loop() {
		b.StopTimer()
		batches := longSessionBatches(trace.TraceID{byte(sessions), byte(sessions >> 8), 0x10, 0xbe}, n)
		sessions++
		b.StartTimer()
		for _, batch := range batches {
			if err := s.ExportSpans(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
			if cadence {
				clock.advance(time.Second)
			}
		}
	}
	s.mu.Lock()
	out := s.out
	s.mu.Unlock()
	b.ReportMetric(float64(out)/1e6/float64(sessions), "MB/session")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(sessions*(n+1)), "ns/span")
}
