package exporter

import (
	"context"
	"log/slog"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// discardExporter accepts every batch and keeps nothing.
type discardExporter struct{}

func (discardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardExporter) Shutdown(context.Context) error                             { return nil }

// BenchmarkBatchProcessor ends spans through a BatchProcessor and, as the
// baseline in the same run, through OTel's batch span processor alone, both
// exporting to an exporter that discards: what delivery (counting, the UTF-8
// check, the hold) costs per span. Each op is one span with the 13 attributes of an LLM call;
// the queue is flushed every 512 spans so that none is dropped.
func BenchmarkBatchProcessor(b *testing.B) {
	for _, bc := range []struct {
		name string
		sp   func() sdktrace.SpanProcessor
	}{
		{"otel-batch", func() sdktrace.SpanProcessor { return sdktrace.NewBatchSpanProcessor(discardExporter{}) }},
		{"exporter.BatchProcessor", func() sdktrace.SpanProcessor {
			return NewBatchProcessor(discardExporter{}, slog.New(slog.DiscardHandler))
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			sp := bc.sp()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sp))
			defer func() { _ = tp.Shutdown(context.Background()) }()
			tracer := tp.Tracer("bench")
			attrs := benchBatch()[0].Attributes()
			ctx := context.Background()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				_, span := tracer.Start(ctx, "tool")
				span.SetAttributes(attrs...)
				span.End()
				if i%512 == 511 {
					_ = tp.ForceFlush(ctx)
				}
			}
		})
	}
}
