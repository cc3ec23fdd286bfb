package otelagentops

import (
	"context"
	"log/slog"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// discardExporter is the no-op exporter both sides of the benchmark share.
type discardExporter struct{}

func (discardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardExporter) Shutdown(context.Context) error                             { return nil }

var benchRequest = LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini", Temperature: Ptr(0.2), MaxTokens: Ptr(512)}
var benchResponse = LLMResponse{ID: "chatcmpl-1", Model: "gpt-4o-mini", FinishReasons: []string{"stop"},
	Usage: Usage{InputTokens: 1200, OutputTokens: 300}}

// benchAttributes are the attributes the SDK writes for benchRequest and
// benchResponse, so the bare span carries the same payload.
func benchAttributes() (start, end []attribute.KeyValue) {
	return appendRequestAttributes(nil, semconv.GenAIOperationNameChat, benchRequest), appendResponseAttributes(nil, benchResponse)
}

// BenchmarkLLMSpan compares one LLM call span recorded through the SDK (with
// its SessionProcessor) against a bare OTel span carrying the same
// attributes, both through the same BatchSpanProcessor and no-op exporter.
func BenchmarkLLMSpan(b *testing.B) {
	b.Run("bare-otel-per-call", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discardExporter{}, sdktrace.WithMaxQueueSize(1<<16)))
		defer func() { _ = tp.Shutdown(context.Background()) }()
		tracer := tp.Tracer("bench")
		ctx, root := tracer.Start(context.Background(), "session.session")
		defer root.End()
		b.ReportAllocs()
		for b.Loop() {
			// What hand-written instrumentation writes per call: the same keys, built inline.
			_, span := tracer.Start(ctx, "chat gpt-4o-mini", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
				semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"), semconv.GenAIRequestType("chat"),
				semconv.GenAIRequestStreaming(false), semconv.GenAIRequestStream(false),
				semconv.GenAIProviderName("openai"), semconv.GenAISystem("openai"), semconv.GenAIRequestModel("gpt-4o-mini"),
				semconv.GenAIRequestMaxTokens(512), semconv.GenAIRequestTemperature(0.2),
				semconv.AgentOpsSessionID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11")))
			span.SetAttributes(
				semconv.GenAIResponseID("chatcmpl-1"), semconv.GenAIResponseModel("gpt-4o-mini"),
				semconv.GenAIResponseFinishReason("stop"), semconv.GenAIResponseFinishReasons([]string{"stop"}),
				semconv.GenAIUsagePromptTokens(1200), semconv.GenAIUsageInputTokens(1200),
				semconv.GenAIUsageCompletionTokens(300), semconv.GenAIUsageOutputTokens(300), semconv.GenAIUsageTotalTokens(1500))
			span.End()
		}
	})
	b.Run("bare-otel-prebuilt", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discardExporter{}, sdktrace.WithMaxQueueSize(1<<16)))
		defer func() { _ = tp.Shutdown(context.Background()) }()
		tracer := tp.Tracer("bench")
		ctx, root := tracer.Start(context.Background(), "session.session")
		defer root.End()
		startAttrs, endAttrs := benchAttributes()
		b.ReportAllocs()
		for b.Loop() {
			_, span := tracer.Start(ctx, "chat gpt-4o-mini", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(startAttrs...))
			span.SetAttributes(endAttrs...)
			span.End()
		}
	})
	b.Run("agentops", func(b *testing.B) {
		c, err := New(context.Background(), WithExporter(discardExporter{}), WithMaxQueueSize(1<<16),
			WithoutEnvData(), WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = c.Shutdown(context.Background()) }()
		ctx, _, _ := c.StartSession(context.Background())
		b.ReportAllocs()
		for b.Loop() {
			_, call, _ := c.StartLLM(ctx, benchRequest)
			call.End(benchResponse, nil)
		}
	})
}

// BenchmarkSessionProcessor measures the processor alone: OnStart and OnEnd
// of one LLM span of a tracked session, against a processor that does nothing.
func BenchmarkSessionProcessor(b *testing.B) {
	startAttrs, endAttrs := benchAttributes()
	run := func(b *testing.B, proc sdktrace.SpanProcessor, track func(trace.TraceID)) {
		rec := tracetest.NewSpanRecorder() // keeps the snapshot OnEnd receives in real use
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithSpanProcessor(rec))
		defer func() { _ = tp.Shutdown(context.Background()) }()
		ctx, root := tp.Tracer("bench").Start(context.Background(), "root")
		track(root.SpanContext().TraceID())
		_, span := tp.Tracer("bench").Start(ctx, "chat", trace.WithAttributes(startAttrs...))
		span.SetAttributes(endAttrs...)
		span.End()
		rw := span.(sdktrace.ReadWriteSpan)
		ended := rec.Ended()[0]
		b.ReportAllocs()
		for b.Loop() {
			proc.OnStart(ctx, rw)
			proc.OnEnd(ended)
		}
	}
	b.Run("noop-processor", func(b *testing.B) { run(b, noopProcessor{}, func(trace.TraceID) {}) })
	b.Run("session-processor", func(b *testing.B) {
		p := NewSessionProcessor()
		run(b, p, func(id trace.TraceID) { p.track(SessionIDFromTraceID(id), trace.SpanID{}, nil) })
	})
}

type noopProcessor struct{}

func (noopProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (noopProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (noopProcessor) Shutdown(context.Context) error                  { return nil }
func (noopProcessor) ForceFlush(context.Context) error                { return nil }
