package sessiondoc

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// TestLLMEventFigures: an LLM event's time to first token (the recording's
// key, else the AgentOps vocabulary's, in ms to the microsecond), finish
// reasons (the list, else the AgentOps vocabulary's single one) and cost
// (the user's, rounded; the table's; none for an unknown model).
func TestLLMEventFigures(t *testing.T) {
	usage := []attribute.KeyValue{semconv.GenAIUsageInputTokens(1000), semconv.GenAIUsageOutputTokens(100)}
	for _, tc := range []struct {
		name   string
		attrs  []attribute.KeyValue
		ttft   string
		finish []string
		cost   string
	}{
		{"recording", append([]attribute.KeyValue{semconv.SpanKindLLM.Attribute(), semconv.GenAIRequestModel("gpt-4o"),
			semconv.GenAIResponseTimeToFirstChunk(0.1234567), semconv.GenAIStreamingTimeToFirstToken(9),
			semconv.GenAIResponseFinishReasons([]string{"stop", "length"}), semconv.GenAIResponseFinishReason("x")}, usage...),
			"123.457", []string{"stop", "length"}, "0.0035"},
		{"AgentOps vocabulary", []attribute.KeyValue{semconv.GenAIRequestModel("my-local-model"),
			semconv.GenAIStreamingTimeToFirstToken(0.5), semconv.GenAIResponseFinishReason("tool_calls"), semconv.GenAIUsageInputTokens(3)},
			"500", []string{"tool_calls"}, "nil"},
		{"the user's cost", []attribute.KeyValue{semconv.GenAIRequestModel("gpt-4o"), semconv.AgentOpsLLMCostUSD(0.0007199999999999999),
			semconv.GenAIResponseTimeToFirstChunk(math.NaN())}, "nil", nil, "0.00072"},
		{"no usage", []attribute.KeyValue{semconv.GenAIRequestModel("gpt-4o")}, "nil", nil, "nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := eventOf(t, tc.attrs...)
			str := func(f *float64) string {
				if f == nil {
					return "nil"
				}
				return fmt.Sprint(*f)
			}
			if e.LLMEvent == nil || str(e.TTFTMillis) != tc.ttft || !slices.Equal(e.FinishReasons, tc.finish) || str(e.CostUSD) != tc.cost {
				t.Errorf("ttft %s finish %v cost %s; want %s %v %s", str(e.TTFTMillis), e.FinishReasons, str(e.CostUSD), tc.ttft, tc.finish, tc.cost)
			}
		})
	}
}

// TestSpanAttributesAreBoundedAndHoldNoCredentials: a foreign span keeps
// its attributes, but no credential, no URL query or user, no HTTP header,
// no NaN; at most 64 of them, strings cut at 4 KiB, but the session's
// own keys (a joined process's figures, written last) past the bound.
func TestSpanAttributesAreBoundedAndHoldNoCredentials(t *testing.T) {
	const secret = "sk-secret-123"
	attrs := []attribute.KeyValue{
		attribute.String("http.request.method", "POST"),
		attribute.String("url.full", "https://user:"+secret+"@api.example.com/v1/models?key="+secret+"#"+secret),
		attribute.String("url.query", "key="+secret),
		attribute.String("http.request.header.authorization", "Bearer "+secret),
		attribute.String("http.request.header.x-api-key", secret),
		attribute.String("my.api_key", secret),
		attribute.String("db.password", secret),
		attribute.String("session_token", secret),
		attribute.String("auth.access_token", secret),
		attribute.StringSlice("app.cookies", []string{secret}),
		attribute.Float64("app.nan", math.NaN()),
		attribute.Float64Slice("app.floats", []float64{1, math.Inf(1)}),
		attribute.String("app.long", strings.Repeat("é", 3000)),
		attribute.Int("gen_ai.usage.input_tokens", 5),
	}
	for i := range 80 {
		attrs = append(attrs, attribute.Int(fmt.Sprintf("app.n%02d", i), i))
	}
	attrs = append(attrs, semconv.AgentOpsSessionLLMCalls(3), semconv.AgentOpsSessionCostUSD(0.5))
	got := spanAttributes(attrs)
	data, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) {
		t.Errorf("a credential is in the attributes: %s", data)
	}
	if got["url.full"] != "https://api.example.com/v1/models" || got["http.request.method"] != "POST" || got["gen_ai.usage.input_tokens"] != int64(5) {
		t.Errorf("url.full %v, method %v, tokens %v", got["url.full"], got["http.request.method"], got["gen_ai.usage.input_tokens"])
	}
	if _, ok := got["app.nan"]; ok || !slices.Equal(got["app.floats"].([]float64), []float64{1}) {
		t.Errorf("non-finite numbers kept: %v %v", got["app.nan"], got["app.floats"])
	}
	if s := got["app.long"].(string); len(s) > maxAttributeText+len("…") || !strings.HasSuffix(s, "…") || !strings.HasPrefix(s, "éé") {
		t.Errorf("long string not cut on a rune: %d bytes", len(s))
	}
	if len(got) != maxSpanAttributes+2 || got["app.n58"] == nil || got["app.n59"] != nil ||
		got["agentops.session.llm_calls"] != int64(3) || got["agentops.session.cost_usd"] != 0.5 {
		t.Errorf("%d attributes, want the first %d and the 2 session figures", len(got), maxSpanAttributes)
	}
}

// TestProcessIdentity: a process is named by the resource's
// service.instance.id, else host/pid, else the pid (the exporting
// process's when the resource has none); inherited spans make it
// inherited.
func TestProcessIdentity(t *testing.T) {
	for _, tc := range []struct {
		res  *resource.Resource
		span []attribute.KeyValue
		want Process
	}{
		{resource.NewSchemaless(semconv.ServiceInstanceID("i-1"), semconv.ProcessPID(7), semconv.HostName("h"), semconv.ServiceName("s")), nil,
			Process{ID: "i-1", PID: 7, Host: "h", Service: "s"}},
		{resource.NewSchemaless(semconv.ProcessPID(7), semconv.HostName("h")), []attribute.KeyValue{semconv.AgentOpsSessionInherited(true)},
			Process{ID: "h/7", PID: 7, Host: "h", Inherited: true}},
		{resource.NewSchemaless(semconv.ServiceName("s")), []attribute.KeyValue{semconv.HostName("from-span")},
			Process{ID: "99", PID: 99, Host: "from-span", Service: "s"}},
	} {
		st := recorded(2, "x", trace.SpanKindInternal, codes.Unset, tc.span...)
		st.Resource = tc.res
		s := tracetest.SpanStubs{st}.Snapshots()[0]
		if got := processOf(s, viewOf(s), 99); got != tc.want {
			t.Errorf("process %+v, want %+v", got, tc.want)
		}
	}
}

// TestSinkBoundsSpans: past WithMaxEvents spans the sink drops and counts
// them, naming no dropped event, in memory and across a read-back of its
// file.
func TestSinkBoundsSpans(t *testing.T) {
	s, dir, _ := newSink(t, WithMaxEvents(3))
	spans := sessionStubs().Snapshots()                            // 6 spans, 5 events
	if err := s.ExportSpans(t.Context(), spans[4:5]); err != nil { // the agent: a span, no event
		t.Fatal(err)
	}
	if err := s.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	d := readDoc(t, filepath.Join(dir, testSessionID+".json"))
	if len(d.Spans) != 3 || d.DroppedSpans != 3 {
		t.Errorf("%d spans, %d dropped; want 3 and 3", len(d.Spans), d.DroppedSpans)
	}
	if len(d.Events) != 3 || d.DroppedEvents != 2 {
		t.Errorf("%d events, %d dropped; want 3 and 2", len(d.Events), d.DroppedEvents)
	}
	for _, sp := range d.Spans {
		for _, id := range sp.EventIDs {
			if !slices.Contains(eventIDs(d), id) {
				t.Errorf("span %s names event %s, which was dropped", sp.Name, id)
			}
		}
	}
	// A late span: the complete session was forgotten, its file is read
	// back, and the bound still holds.
	late := recorded(9, "GET", trace.SpanKindClient, codes.Unset, attribute.String("http.request.method", "GET"))
	if err := s.ExportSpans(t.Context(), tracetest.SpanStubs{late}.Snapshots()); err != nil {
		t.Fatal(err)
	}
	again := readDoc(t, filepath.Join(dir, testSessionID+".json"))
	if len(again.Spans) != 3 || again.DroppedSpans != 4 || again.Partial {
		t.Errorf("after a late span: %d spans, %d dropped, partial %v; want 3, 4, complete", len(again.Spans), again.DroppedSpans, again.Partial)
	}
}

// TestSinkWritesNoDocumentForATraceOfNoSession: spans of a trace outside
// any session (no root, no event, no session ID stamped) give no file;
// the same spans stamped with the session ID do.
func TestSinkWritesNoDocumentForATraceOfNoSession(t *testing.T) {
	s, dir, _ := newSink(t)
	get := recorded(9, "GET", trace.SpanKindClient, codes.Unset, attribute.String("http.request.method", "GET"))
	plain := get
	plain.Attributes = get.Attributes[1:] // without agentops.session.id
	plain.SpanContext = plain.SpanContext.WithTraceID(trace.TraceID{0xee})
	if err := s.ExportSpans(t.Context(), tracetest.SpanStubs{plain}.Snapshots()); err != nil {
		t.Fatal(err)
	}
	if names := files(t, dir); len(names) != 0 {
		t.Fatalf("files %v for a trace of no session", names)
	}
	if err := s.ExportSpans(t.Context(), tracetest.SpanStubs{get}.Snapshots()); err != nil {
		t.Fatal(err)
	}
	if d := readDoc(t, filepath.Join(dir, testSessionID+".json")); len(d.Spans) != 1 || d.Spans[0].Attributes["http.request.method"] != "GET" {
		t.Errorf("spans %+v, want the stamped GET span", d.Spans)
	}
}
