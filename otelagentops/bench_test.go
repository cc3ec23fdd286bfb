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

var benchRequest = LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini", Temperature: new(0.2), MaxTokens: new(512),
	Messages: []Message{{Role: "user", Content: "Summarise the quarterly report in three bullet points."}}}
var benchResponse = LLMResponse{ID: "chatcmpl-1", Model: "gpt-4o-mini", FinishReasons: []string{"stop"},
	Messages: []Message{{Role: "assistant", Content: "- Revenue grew 12%\n- Costs fell 3%\n- Hiring paused", FinishReason: "stop"}},
	Usage:    Usage{InputTokens: 1200, OutputTokens: 300}}

// benchAttributes are the attributes the SDK writes for benchRequest and
// benchResponse (content included), so the bare spans carry the same payload.
func benchAttributes() (start, end []attribute.KeyValue) {
	c := content{capture: true}
	start, _ = appendRequestAttributes(nil, semconv.GenAIOperationNameChat, benchRequest)
	start = append(start, semconv.GenAIConversationID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"))
	start = c.appendMessages(start, ContentPrompt, benchRequest.Messages)
	resp, _ := appendResponseAttributes(nil, benchResponse)
	end = c.appendMessages(resp, ContentCompletion, benchResponse.Messages)
	return start, end
}

// BenchmarkLLMSpan compares one LLM call span recorded through the SDK (with
// its SessionProcessor; request, usage and a prompt and a completion
// message) against bare OTel spans, all through the same BatchSpanProcessor
// and no-op exporter:
//
//   - bare-otel-16-prebuilt: 16 prebuilt LLM attributes set once, at start;
//   - hand-written: the attributes the SDK writes, built inline per call by
//     hand-written instrumentation (message JSON given as ready strings);
//   - bare-otel-prebuilt: those same attributes, prebuilt.
func BenchmarkLLMSpan(b *testing.B) {
	bare := func(b *testing.B, call func(ctx context.Context, tracer trace.Tracer)) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discardExporter{}, sdktrace.WithMaxQueueSize(1<<16)))
		defer func() { _ = tp.Shutdown(context.Background()) }()
		tracer := tp.Tracer("bench")
		ctx, root := tracer.Start(context.Background(), "default.session")
		defer root.End()
		b.ReportAllocs()
		for b.Loop() {
			call(ctx, tracer)
		}
	}
	startAttrs, endAttrs := benchAttributes()
	b.Run("bare-otel-16-prebuilt", func(b *testing.B) {
		sixteen := append(append([]attribute.KeyValue(nil), startAttrs...), endAttrs...)[:16]
		bare(b, func(ctx context.Context, tracer trace.Tracer) {
			_, span := tracer.Start(ctx, "chat gpt-4o-mini", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(sixteen...))
			span.End()
		})
	})
	inputJSON, outputJSON := startAttrs[len(startAttrs)-1].Value.AsString(), endAttrs[len(endAttrs)-1].Value.AsString()
	b.Run("hand-written", func(b *testing.B) {
		bare(b, func(ctx context.Context, tracer trace.Tracer) {
			_, span := tracer.Start(ctx, "chat gpt-4o-mini", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
				semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"), semconv.GenAIProviderName("openai"),
				semconv.GenAIRequestModel("gpt-4o-mini"), semconv.GenAIRequestMaxTokens(512), semconv.GenAIRequestTemperature(0.2),
				semconv.GenAIConversationID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"), semconv.GenAIInputMessages(inputJSON),
				semconv.AgentOpsSessionID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11")))
			span.SetAttributes(
				semconv.GenAIResponseID("chatcmpl-1"), semconv.GenAIResponseModel("gpt-4o-mini"),
				semconv.GenAIResponseFinishReasons([]string{"stop"}),
				semconv.GenAIUsageInputTokens(1200), semconv.GenAIUsageOutputTokens(300), semconv.GenAIOutputMessages(outputJSON))
			span.End()
		})
	})
	b.Run("bare-otel-prebuilt", func(b *testing.B) {
		bare(b, func(ctx context.Context, tracer trace.Tracer) {
			_, span := tracer.Start(ctx, "chat gpt-4o-mini", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(startAttrs...))
			span.SetAttributes(endAttrs...)
			span.End()
		})
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

// BenchmarkSession compares a session's start and end through the SDK
// (no host data, a discarding logger), without and with the session
// journal, against a bare OTel root span with the session's identity
// attributes, through the same BatchSpanProcessor and no-op exporter.
func BenchmarkSession(b *testing.B) {
	b.Run("bare-root-span", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discardExporter{}, sdktrace.WithMaxQueueSize(1<<16)))
		defer func() { _ = tp.Shutdown(context.Background()) }()
		tracer := tp.Tracer("bench")
		b.ReportAllocs()
		for b.Loop() {
			_, root := tracer.Start(context.Background(), "default.session", trace.WithNewRoot(), trace.WithAttributes(
				semconv.SpanKindSession.Attribute(), semconv.AgentOpsSessionName("default")))
			root.SetAttributes(semconv.AgentOpsSessionEndState("Success"))
			root.End()
		}
	})
	for _, bc := range []struct {
		name string
		opts []Option
	}{{"agentops", nil}, {"agentops-journal", []Option{WithJournalDir(b.TempDir())}}} {
		b.Run(bc.name, func(b *testing.B) { benchSession(b, bc.opts...) })
	}
}

// benchSession starts and ends sessions through a client with opts.
func benchSession(b *testing.B, opts ...Option) {
	c, err := New(context.Background(), append([]Option{WithExporter(discardExporter{}), WithMaxQueueSize(1 << 16),
		WithoutEnvData(), WithLogger(slog.New(slog.DiscardHandler))}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()
	b.ReportAllocs()
	for b.Loop() {
		ctx, s, err := c.StartSession(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		_ = s.End(ctx, semconv.EndStateSuccess)
	}
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
		run(b, p, func(id trace.TraceID) {
			p.track(new(trackedSession), SessionID(id), SessionID(id).String(), trace.SpanID{}, nil)
		})
	})
}

type noopProcessor struct{}

func (noopProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (noopProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (noopProcessor) Shutdown(context.Context) error                  { return nil }
func (noopProcessor) ForceFlush(context.Context) error                { return nil }
