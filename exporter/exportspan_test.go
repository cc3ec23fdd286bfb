package exporter

import (
	"slices"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/semconv"
)

// TestSpanEditsWrapOnce: the view, the UTF-8 repair and the project ID
// make one wrapper per span, around the span itself, sharing one
// allocation for the batch; unchanged spans are passed as they are.
func TestSpanEditsWrapOnce(t *testing.T) {
	bad := recordedLLM()
	bad.Attributes = append(bad.Attributes, semconv.AgentOpsActionLogs("x\xff"))
	spans := tracetest.SpanStubs{bad, recordedTask()}.Snapshots()
	plain := tracetest.SpanStubs{{Name: "GET /", SpanContext: sc(12)}}.Snapshots()[0]
	spans = append(spans, plain)
	var c resourceCache
	out := spanEdits{view: true, utf8: true, res: &c, project: "p1"}.apply(spans)

	llm, ok := out[0].(*exportSpan)
	if _, nested := llm.ReadOnlySpan.(*exportSpan); !ok || nested || llm.ReadOnlySpan.Name() != "chat gpt-4.1" {
		t.Fatalf("the LLM span is %T, not one wrapper around the span", out[0])
	}
	if llm.Name() != "chat gpt-4\u20241" || !llm.validUTF8() || llm.Status().Code != codes.Ok {
		t.Errorf("LLM span %q, valid %v, status %v: want the view, repaired", llm.Name(), llm.validUTF8(), llm.Status().Code)
	}
	if v, ok := llm.Resource().Set().Value(semconv.AgentOpsProjectIDKey); !ok || v.AsString() != "p1" {
		t.Error("the project ID was not stamped")
	}
	if got, _ := out[2].(*exportSpan); got == nil || got.ReadOnlySpan.Name() != plain.Name() {
		t.Error("a span changed only by its resource lost its original")
	}
	if same := (spanEdits{view: true}).apply(spans[2:]); &same[0] != &spans[2] {
		t.Error("a batch the view does not change was copied")
	}
	// Eight task spans: the slice and the wrappers of the batch, and one
	// array for the attributes of them all.
	tasks := make([]sdktrace.ReadOnlySpan, 8)
	for i := range tasks {
		tasks[i] = spans[1]
	}
	if n := testing.AllocsPerRun(20, func() { spanEdits{view: true, utf8: true}.apply(tasks) }); n != 3 {
		t.Errorf("a batch of 8 spans allocates %v times, want 3", n)
	}
}

// TestSpanEditsBatchIsPerSpanView: the spans of a batch share arrays,
// strings and derived names, yet each is its own AgentOpsView, in an
// exactly sized attribute slice.
func TestSpanEditsBatchIsPerSpanView(t *testing.T) {
	joined := llmWith(semconv.GenAIOutputMessages(`[{"role":"assistant","parts":[{"type":"text","content":"a \"b\""},` +
		`{"type":"text","content":"c\nd"}],"finish_reason":"stop"}]`))
	batch := append(sessionMixBatch(), recordedSession()...)
	batch = append(batch, tracetest.SpanStubs{joined, llmWith(semconv.GenAIRequestModel("claude-3.5")), foreignLLM()}.Snapshots()...)
	out := spanEdits{view: true}.apply(batch)
	for i, s := range batch {
		want, got := AgentOpsView(s), out[i]
		if got.Name() != want.Name() || !slices.Equal(got.Attributes(), want.Attributes()) {
			t.Fatalf("span %d %q: in the batch\n%q %v\nalone\n%q %v", i, s.Name(), got.Name(), got.Attributes(), want.Name(), want.Attributes())
		}
		if a := got.Attributes(); cap(a) != len(a) {
			t.Errorf("span %d %q: attribute slice of len %d, cap %d", i, s.Name(), len(a), cap(a))
		}
	}
	if got, _ := attrMap(out[len(out)-3]); got["gen_ai.completion.0.content"].AsString() != "a \"b\"\nc\nd" {
		t.Errorf("joined content %q", got["gen_ai.completion.0.content"].AsString())
	}
}

// TestAgentOpsViewConcurrentSafe: the view's shared caches (the last
// model name, the tool call keys) are safe under concurrent batches.
func TestAgentOpsViewConcurrentSafe(t *testing.T) {
	batch := recordedSession()
	other := recordedLLM()
	other.Name, other.Attributes[4] = "chat claude-3.5", semconv.GenAIRequestModel("claude-3.5")
	batch = append(batch, tracetest.SpanStubs{other}.Snapshots()...)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				out := spanEdits{view: true, utf8: true}.apply(batch)
				if out[1].Name() != "chat gpt-4\u20241" || out[len(out)-1].Name() != "chat claude-3\u20245" {
					t.Errorf("names %q, %q", out[1].Name(), out[len(out)-1].Name())
					return
				}
			}
		})
	}
	wg.Wait()
}
