package sessiondoc

import (
	"log/slog"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// llmBatch is a full batch (512) of LLM-call spans as the SDK records them.
func llmBatch() []sdktrace.ReadOnlySpan {
	res := resource.NewSchemaless(semconv.ServiceName("bench"), semconv.AgentOpsSDKVersion("0.1.0"))
	stubs := make(tracetest.SpanStubs, 512)
	now := time.Now()
	for i := range stubs {
		stubs[i] = tracetest.SpanStub{
			Name:        "chat gpt-4o",
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: testTrace, SpanID: trace.SpanID{byte(i), byte(i >> 8), 1}, TraceFlags: trace.FlagsSampled}),
			Parent:      sc(1),
			SpanKind:    trace.SpanKindClient,
			StartTime:   now, EndTime: now.Add(time.Second), Resource: res,
			Attributes: []attribute.KeyValue{
				semconv.AgentOpsSessionID(testSessionID), semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"),
				semconv.GenAIProviderName("openai"), semconv.GenAIRequestModel("gpt-4o"), semconv.GenAIConversationID(testSessionID),
				semconv.GenAIInputMessages(`[{"role":"user","parts":[{"type":"text","content":"What is the capital of France?"}]}]`),
				semconv.GenAIResponseID("chatcmpl-1"), semconv.GenAIResponseModel("gpt-4o-2024-08-06"),
				semconv.GenAIResponseFinishReasons([]string{"stop"}), semconv.GenAIUsageInputTokens(120), semconv.GenAIUsageOutputTokens(40),
				semconv.GenAIOutputMessages(`[{"role":"assistant","parts":[{"type":"text","content":"Paris."}],"finish_reason":"stop"}]`),
			},
		}
	}
	return stubs.Snapshots()
}

// BenchmarkSessionModel maps LLM spans to legacy events.
func BenchmarkSessionModel(b *testing.B) {
	spans := llmBatch()
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range spans {
			if len(eventsOf(s, viewOf(s))) != 1 {
				b.Fatal("no event")
			}
		}
	}
	b.ReportMetric(float64(b.N*len(spans))/b.Elapsed().Seconds(), "spans/s")
}

// BenchmarkDocument builds a whole session document (six spans).
func BenchmarkDocument(b *testing.B) {
	spans := sessionStubs().Snapshots()
	b.ReportAllocs()
	for b.Loop() {
		if d := NewDocument(spans); len(d.Events) == 0 {
			b.Fatal("no events")
		}
	}
	b.ReportMetric(float64(b.N*len(spans))/b.Elapsed().Seconds(), "spans/s")
}

// sinkSessionBatches returns a session of trace t as the export goroutine
// hands it to a sink: batches of 64 LLM spans, then the root alone.
func sinkSessionBatches(t trace.TraceID, batches int) [][]sdktrace.ReadOnlySpan {
	llm := llmBatch()
	root := sessionStubs()[5:]
	var out [][]sdktrace.ReadOnlySpan
	for i := range batches {
		out = append(out, onTrace(snapshotStubs(llm[i*64:(i+1)*64]), t).Snapshots())
	}
	return append(out, onTrace(root, t).Snapshots())
}

// snapshotStubs turns snapshots back into stubs.
func snapshotStubs(spans []sdktrace.ReadOnlySpan) tracetest.SpanStubs {
	return tracetest.SpanStubsFromReadOnlySpans(spans)
}

// BenchmarkSinkSession exports one session of 8 batches of 64 LLM spans
// and its root to a sink writing into a temporary folder.
func BenchmarkSinkSession(b *testing.B) {
	s, err := NewSink(WithDir(b.TempDir()), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Shutdown(b.Context())
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		batches := sinkSessionBatches(trace.TraceID{byte(i), byte(i >> 8), byte(i >> 16), 0xbe}, 8)
		i++
		b.StartTimer()
		for _, batch := range batches {
			if err := s.ExportSpans(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*(8*64+1))/b.Elapsed().Seconds(), "spans/s")
}
