package exporter

import (
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

const bad = "ok\xff\xfe\xc3" // invalid UTF-8, a truncated sequence last

// hostileStub returns a span with invalid UTF-8 in every place OTLP
// encodes a string.
func hostileStub(i int) tracetest.SpanStub {
	kv := attribute.Key(string(semconv.ToolNameKey) + bad).String(bad) // a key with invalid UTF-8 too
	return tracetest.SpanStub{
		Name: "span" + bad,
		SpanContext: trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{2}, SpanID: trace.SpanID{byte(i + 1)}, TraceFlags: trace.FlagsSampled,
		}),
		StartTime: time.Now(), EndTime: time.Now(),
		Attributes: []attribute.KeyValue{
			semconv.AgentOpsToolOutput(bad), kv, semconv.AgentOpsTagsKey.StringSlice([]string{"fine", bad}),
			{Key: semconv.GenAIInputMessagesKey, Value: attribute.SliceValue(attribute.StringValue(bad), attribute.MapValue(kv))},
		},
		Events:   []sdktrace.Event{{Name: "event" + bad, Attributes: []attribute.KeyValue{kv}, Time: time.Now()}},
		Links:    []sdktrace.Link{{SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{3}, SpanID: trace.SpanID{1}}), Attributes: []attribute.KeyValue{kv}}},
		Status:   sdktrace.Status{Code: codes.Error, Description: "failed " + bad},
		Resource: resource.NewSchemaless(semconv.ServiceName("test")),
	}
}

// TestInvalidUTF8IsRepairedNotFatal: one span full of invalid UTF-8 in a
// batch used to make the whole OTLP request unmarshalable (every span of
// the batch lost). The AgentOps exporter repairs it: the batch arrives,
// every string valid, the bad bytes shown as U+FFFD.
func TestInvalidUTF8IsRepairedNotFatal(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	e := newAgentOps(t, srv)
	good := stubSpans(2)
	spans := append(good, tracetest.SpanStubs{hostileStub(0)}.Snapshots()...)
	if err := e.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	got := srv.Accepted()
	if len(got) != 3 {
		t.Fatalf("%d spans delivered, want 3", len(got))
	}
	text := protojson.Format(got[2])
	if strings.Count(text, "\uFFFD") < 10 || strings.Contains(text, "\xff") {
		t.Errorf("the hostile span was not repaired everywhere:\n%s", text)
	}
	if len(got[2].GetAttributes()) != 4 || len(got[2].GetEvents()) != 1 || len(got[2].GetLinks()) != 1 {
		t.Errorf("the repaired span lost content:\n%s", text)
	}
}

// TestValidUTF8LeavesValidSpansAlone: valid batches are returned as they
// are, without allocating; only the invalid span of a batch is replaced.
func TestValidUTF8LeavesValidSpansAlone(t *testing.T) {
	spans := stubSpans(8)
	if allocs := testing.AllocsPerRun(100, func() { _ = withValidUTF8(spans) }); allocs != 0 {
		t.Errorf("withValidUTF8 of a valid batch allocates %v times", allocs)
	}
	if out := withValidUTF8(spans); &out[0] != &spans[0] {
		t.Error("a valid batch was copied")
	}
	mixed := append(stubSpans(2), tracetest.SpanStubs{hostileStub(5)}.Snapshots()...)
	out := withValidUTF8(mixed)
	_, wrapped0 := out[0].(*exportSpan)
	_, wrapped1 := out[1].(*exportSpan)
	if replaced, ok := out[2].(*exportSpan); wrapped0 || wrapped1 || !ok || !replaced.validUTF8() {
		t.Error("want the valid spans kept and the invalid one replaced by a valid one")
	}
	if mixed[2].Name() != "span"+bad {
		t.Error("the original span was changed")
	}
}
