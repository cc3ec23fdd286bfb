package exporter

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// benchBatch is a full batch (512) of LLM-call spans as the SDK records
// them (the AgentOps exporter sends their AgentOps view).
func benchBatch() []sdktrace.ReadOnlySpan {
	res := resource.NewSchemaless(semconv.ServiceName("bench"), semconv.AgentOpsSDKVersion(Version))
	stubs := make(tracetest.SpanStubs, 512)
	now := time.Now()
	for i := range stubs {
		stubs[i] = tracetest.SpanStub{
			Name:        "chat gpt-4o",
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{byte(i), byte(i >> 8), 1}, TraceFlags: trace.FlagsSampled}),
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

// benchExporters returns the AgentOps exporter and a plain otlptracehttp
// exporter, both toward one loopback receiver that decodes every request.
func benchExporters(b *testing.B) (agentOps, plain sdktrace.SpanExporter) {
	srv := exportertest.NewServer(b, 0)
	srv.AcceptAnyBearer()
	srv.CountOnly()
	logger, _ := newLogger()
	ao, err := NewAgentOps(b.Context(), WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(srv.URL), WithLogger(logger))
	if err != nil {
		b.Fatal(err)
	}
	pl, err := otlptracehttp.New(b.Context(), otlptracehttp.WithEndpointURL(envconfig.TracesURL(srv.URL)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = ao.Shutdown(context.Background())
		_ = pl.Shutdown(context.Background())
	})
	return ao, pl
}

// BenchmarkExport compares the AgentOps exporter with plain otlptracehttp
// sending the same 512-span batches to the same loopback receiver: the
// recording as it is (otlptracehttp), its AgentOps view computed
// beforehand (otlptracehttp-view), and the recording through the AgentOps
// exporter, which computes the view (agentops). Each runs alone, so that a
// profile or the process's CPU time is one exporter's.
func BenchmarkExport(b *testing.B) {
	ao, plain := benchExporters(b)
	for _, batch := range []struct {
		name  string
		spans []sdktrace.ReadOnlySpan
	}{{"llm", benchBatch()}, {"session-mix", sessionMixBatch()}} {
		viewed := spanEdits{view: true}.apply(batch.spans)
		for _, bc := range []struct {
			name  string
			exp   sdktrace.SpanExporter
			spans []sdktrace.ReadOnlySpan
		}{{"otlptracehttp", plain, batch.spans}, {"otlptracehttp-view", plain, viewed}, {"agentops", ao, batch.spans}} {
			b.Run(batch.name+"/"+bc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := bc.exp.ExportSpans(b.Context(), bc.spans); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*len(bc.spans))/b.Elapsed().Seconds(), "spans/s")
			})
		}
	}
}

// BenchmarkExportRatio interleaves the exporters batch by batch, so that
// drift hits them alike, and reports the AgentOps exporter's throughput as
// a ratio of plain otlptracehttp's, for a batch of LLM calls and for a
// batch of whole sessions (sessionMixBatch):
//
//   - throughput-ratio: plain otlptracehttp sends the same spans as the
//     AgentOps exporter, their AgentOps view computed beforehand, so the
//     ratio is the cost of the exporter itself, the view it computes on
//     the export goroutine included (goal: at least 0.95);
//   - recording-ratio: plain otlptracehttp sends the recording as it is, as
//     to an OTLP backend; the view's own keys (the AgentOps usage keys,
//     indexed content) cost their encoding too;
//   - view/rec-bytes: the OTLP request size of the view over the
//     recording's.
func BenchmarkExportRatio(b *testing.B) {
	ao, plain := benchExporters(b)
	for _, bc := range []struct {
		name  string
		spans []sdktrace.ReadOnlySpan
	}{{"llm", benchBatch()}, {"session-mix", sessionMixBatch()}} {
		b.Run(bc.name, func(b *testing.B) { exportRatio(b, ao, plain, bc.spans) })
	}
}

func exportRatio(b *testing.B, ao, plain sdktrace.SpanExporter, spans []sdktrace.ReadOnlySpan) {
	viewed := spanEdits{view: true}.apply(spans)
	var tAO, tView, tRec time.Duration
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		order := []int{0, 1, 2}
		if i%2 == 1 {
			order = []int{2, 1, 0}
		}
		for _, k := range order {
			e, batch, t := ao, spans, &tAO
			switch k {
			case 1:
				e, batch, t = plain, viewed, &tView
			case 2:
				e, batch, t = plain, spans, &tRec
			}
			start := time.Now()
			if err := e.ExportSpans(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
			*t += time.Since(start)
		}
	}
	b.ReportMetric(tView.Seconds()/tAO.Seconds(), "throughput-ratio")
	b.ReportMetric(tRec.Seconds()/tAO.Seconds(), "recording-ratio")
	b.ReportMetric(float64(exportBytes(b, viewed...))/float64(exportBytes(b, spans...)), "view/rec-bytes")
}
