package exporter

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/agentops-go/sdk/semconv"
)

// A content-heavy LLM call: two input messages and a 4 KB answer.
var (
	heavySystem = "You are a careful travel agent. Answer in prose, with \"quotes\" where useful."
	heavyUser   = "Plan a two-day trip to Paris for a family of four, with museums and food."
	heavyAnswer = strings.Repeat("Day one: start at the Louvre, then walk along the Seine to \"Les Halles\" for lunch.\n", 50)[:4096]
)

// heavyRecorded is the call as the recording has it: the JSON content only.
func heavyRecorded() tracetest.SpanStub {
	in := `[{"role":"system","parts":[{"type":"text","content":` + jsonString(heavySystem) + `}]},` +
		`{"role":"user","parts":[{"type":"text","content":` + jsonString(heavyUser) + `}]}]`
	out := `[{"role":"assistant","parts":[{"type":"text","content":` + jsonString(heavyAnswer) + `}],"finish_reason":"stop"}]`
	return recorded(3, "chat gpt-4.1", trace.SpanKindClient, codes.Unset,
		semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"), semconv.GenAIProviderName("openai"),
		semconv.GenAIRequestModel("gpt-4.1"), semconv.GenAIRequestMaxTokens(1024), semconv.GenAIRequestTemperature(0.2),
		semconv.ServerAddress("api.openai.com"), semconv.ServerPort(443), semconv.GenAIConversationID(testSessionID),
		semconv.GenAIInputMessages(in), semconv.GenAIResponseID("resp-1"), semconv.GenAIResponseModel("gpt-4.1-2025-04-14"),
		semconv.GenAIResponseFinishReasons([]string{"stop"}), semconv.GenAIUsageInputTokens(40),
		semconv.GenAIUsageOutputTokens(900), semconv.GenAIOutputMessages(out))
}

// heavyDual is the same call as the SDK recorded it before issue 9: both
// vocabularies, the content both indexed and as JSON.
func heavyDual() tracetest.SpanStub {
	s := heavyRecorded()
	var in, out string
	for _, kv := range s.Attributes {
		switch kv.Key {
		case semconv.GenAIInputMessagesKey:
			in = kv.Value.AsString()
		case semconv.GenAIOutputMessagesKey:
			out = kv.Value.AsString()
		}
	}
	s.Attributes = []attribute.KeyValue{semconv.AgentOpsSessionID(testSessionID),
		semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"), semconv.GenAIRequestType("chat"),
		semconv.GenAIRequestStreaming(false), semconv.GenAIRequestStream(false), semconv.GenAIProviderName("openai"),
		semconv.GenAISystem("openai"), semconv.GenAIRequestModel("gpt-4.1"), semconv.GenAIRequestMaxTokens(1024),
		semconv.GenAIRequestTemperature(0.2), semconv.ServerAddress("api.openai.com"), semconv.ServerPort(443),
		semconv.GenAIPromptRoleKey(0).String("system"), semconv.GenAIPromptContentKey(0).String(heavySystem),
		semconv.GenAIPromptRoleKey(1).String("user"), semconv.GenAIPromptContentKey(1).String(heavyUser),
		semconv.GenAIInputMessages(in), semconv.GenAIResponseID("resp-1"), semconv.GenAIResponseModel("gpt-4.1-2025-04-14"),
		semconv.GenAIResponseFinishReason("stop"), semconv.GenAIResponseFinishReasons([]string{"stop"}),
		semconv.GenAIUsagePromptTokens(40), semconv.GenAIUsageInputTokens(40), semconv.GenAIUsageCompletionTokens(900),
		semconv.GenAIUsageOutputTokens(900), semconv.GenAIUsageTotalTokens(940),
		semconv.GenAICompletionRoleKey(0).String("assistant"), semconv.GenAICompletionContentKey(0).String(heavyAnswer),
		semconv.GenAICompletionFinishReasonKey(0).String("stop"), semconv.GenAIOutputMessages(out)}
	return s
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// sizeClient is an otlptrace client that adds up the OTLP/HTTP protobuf
// request bytes it would send.
type sizeClient struct{ bytes int }

func (*sizeClient) Start(context.Context) error { return nil }
func (*sizeClient) Stop(context.Context) error  { return nil }
func (c *sizeClient) UploadTraces(_ context.Context, rs []*tracepb.ResourceSpans) error {
	c.bytes += proto.Size(&coltracepb.ExportTraceServiceRequest{ResourceSpans: rs})
	return nil
}

// exportBytes returns the OTLP request size of spans.
func exportBytes(tb testing.TB, spans ...sdktrace.ReadOnlySpan) int {
	c := &sizeClient{}
	exp, err := otlptrace.New(context.Background(), c)
	if err != nil {
		tb.Fatal(err)
	}
	if err := exp.ExportSpans(context.Background(), spans); err != nil {
		tb.Fatal(err)
	}
	return c.bytes
}

// TestAgentOpsViewExportBytes: the view of a content-heavy LLM call costs
// at most 0.6 times the export bytes of the old dual-vocabulary span.
func TestAgentOpsViewExportBytes(t *testing.T) {
	view := AgentOpsView(tracetest.SpanStubs{heavyRecorded()}.Snapshots()[0])
	dual := tracetest.SpanStubs{heavyDual()}.Snapshots()[0]
	nv, nd := exportBytes(t, view), exportBytes(t, dual)
	t.Logf("view %d bytes, dual vocabulary %d bytes: %.2f×", nv, nd, float64(nv)/float64(nd))
	if float64(nv) > 0.6*float64(nd) {
		t.Errorf("view %d bytes, dual vocabulary %d: want at most 0.6×", nv, nd)
	}
	if got, _ := attrMap(view); got["gen_ai.completion.0.content"].AsString() != heavyAnswer {
		t.Error("the answer did not survive the view")
	}
}

// BenchmarkAgentOpsView maps one span of each kind with AgentOpsView, and
// a batch of 512 as the exporters do, beside a baseline that only loads
// the span as the export pass does.
func BenchmarkAgentOpsView(b *testing.B) {
	for _, bc := range []struct {
		name string
		stub tracetest.SpanStub
	}{
		{"llm", recordedLLM()}, {"llm-4KB", heavyRecorded()}, {"tool", recordedTool(codes.Ok)},
		{"session", recordedRoot(codes.Ok)}, {"task", recordedTask()}, {"foreign-both", foreignLLM()},
	} {
		s := tracetest.SpanStubs{bc.stub}.Snapshots()[0]
		b.Run(bc.name+"/baseline", func(b *testing.B) {
			b.ReportAllocs()
			var cur exportSpan
			for b.Loop() {
				cur.load(s)
			}
		})
		b.Run(bc.name+"/view", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = AgentOpsView(s)
			}
		})
		batch := make([]sdktrace.ReadOnlySpan, 512)
		for i := range batch {
			batch[i] = s
		}
		b.Run(bc.name+"/batch", func(b *testing.B) { // as the exporters map a batch: per span
			b.ReportAllocs()
			for b.Loop() {
				_ = spanEdits{view: true}.apply(batch)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/span")
			b.ReportMetric(float64(testing.AllocsPerRun(1, func() { spanEdits{view: true}.apply(batch) }))/float64(len(batch)), "allocs/span")
		})
	}
}

// BenchmarkAgentOpsViewMix maps a batch of whole sessions
// (sessionMixBatch) as the exporters do.
func BenchmarkAgentOpsViewMix(b *testing.B) {
	batch := sessionMixBatch()
	b.ReportAllocs()
	for b.Loop() {
		_ = spanEdits{view: true}.apply(batch)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/span")
	b.ReportMetric(float64(testing.AllocsPerRun(1, func() { spanEdits{view: true}.apply(batch) }))/float64(len(batch)), "allocs/span")
}

// BenchmarkAgentOpsViewBytes reports the export bytes of the heavy call in
// the view and in the old dual vocabulary.
func BenchmarkAgentOpsViewBytes(b *testing.B) {
	view := AgentOpsView(tracetest.SpanStubs{heavyRecorded()}.Snapshots()[0])
	dual := tracetest.SpanStubs{heavyDual()}.Snapshots()[0]
	var nv, nd int
	for b.Loop() {
		nv, nd = exportBytes(b, view), exportBytes(b, dual)
	}
	b.ReportMetric(float64(nv), "view-bytes")
	b.ReportMetric(float64(nd), "dual-bytes")
	b.ReportMetric(float64(nv)/float64(nd), "bytes-ratio")
}
