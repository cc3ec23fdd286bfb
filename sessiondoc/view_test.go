package sessiondoc

import (
	"encoding/json"
	"math"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

func eventOf(t *testing.T, attrs ...attribute.KeyValue) Event {
	t.Helper()
	s := tracetest.SpanStubs{recorded(2, "span", trace.SpanKindInternal, codes.Unset, attrs...)}.Snapshots()[0]
	events := eventsOf(s, viewOf(s))
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	return events[0]
}

// TestSessionModelReadsTheRecordingFirst: the session model reads the
// recording's keys, and the AgentOps vocabulary of other instrumentation
// only where the recording's key is absent, whatever the order.
func TestSessionModelReadsTheRecordingFirst(t *testing.T) {
	llm := func(attrs ...attribute.KeyValue) *LLMEvent {
		return eventOf(t, append([]attribute.KeyValue{semconv.GenAIRequestModel("m")}, attrs...)...).LLMEvent
	}
	for _, tc := range []struct {
		name               string
		ev                 *LLMEvent
		prompt, completion int64
		cost               float64
		hasCost            bool
	}{
		{"recording", llm(semconv.GenAIUsageInputTokens(9), semconv.GenAIUsageOutputTokens(4), semconv.AgentOpsLLMCostUSD(0.25)), 9, 4, 0.25, true},
		{"both, AgentOps keys last", llm(semconv.GenAIUsageInputTokens(9), semconv.GenAIUsageOutputTokens(4),
			semconv.GenAIUsagePromptTokens(7), semconv.GenAIUsageCompletionTokens(3), semconv.GenAIUsageTotalCost(0.5),
			semconv.AgentOpsLLMCostUSD(0.25)), 9, 4, 0.25, true},
		{"foreign", llm(semconv.GenAIUsagePromptTokens(7), semconv.GenAIUsageCompletionTokens(3), semconv.GenAIUsageTotalCost(0.5)), 7, 3, 0.5, true},
		{"zero usage recorded", llm(semconv.GenAIUsageInputTokens(0), semconv.GenAIUsagePromptTokens(7)), 0, 0, 0, false},
	} {
		ev := tc.ev
		if ev.PromptTokens != tc.prompt || ev.CompletionTokens != tc.completion || (ev.Cost != nil) != tc.hasCost ||
			(tc.hasCost && *ev.Cost != tc.cost) {
			t.Errorf("%s: tokens %d/%d, cost %v; want %d/%d, %v", tc.name, ev.PromptTokens, ev.CompletionTokens, ev.Cost, tc.prompt, tc.completion, tc.cost)
		}
	}

	tool := eventOf(t, semconv.ToolName("old"), semconv.ToolParameters(`{"a":0}`), semconv.GenAIToolName("search"),
		semconv.GenAIToolCallArguments(`{"a":1}`), semconv.GenAIToolCallResult("ok"))
	if tool.Name != "search" || string(tool.Params.(json.RawMessage)) != `{"a":1}` || tool.Returns != "ok" {
		t.Errorf("tool event %+v %+v", tool, tool.ToolEvent)
	}
	foreign := eventOf(t, semconv.ToolName("old"), semconv.AgentOpsToolInput(`{"a":0}`), semconv.ToolResult("r"))
	if foreign.EventType != EventTypeTool || foreign.Name != "old" || string(foreign.Params.(json.RawMessage)) != `{"a":0}` || foreign.Returns != "r" {
		t.Errorf("foreign tool event %+v %+v", foreign, foreign.ToolEvent)
	}
	if byOp := eventOf(t, semconv.GenAIOperationName("execute_tool")); byOp.EventType != EventTypeTool {
		t.Errorf("an execute_tool span gave a %q event", byOp.EventType)
	}
}

// TestSessionNameFallsBackToOperationName: a root of other instrumentation
// (or an older SDK) names the session with operation.name.
func TestSessionNameFallsBackToOperationName(t *testing.T) {
	for _, tc := range []struct {
		attrs []attribute.KeyValue
		want  string
	}{
		{[]attribute.KeyValue{semconv.AgentOpsSessionName("new"), semconv.OperationName("old")}, "new"},
		{[]attribute.KeyValue{semconv.OperationName("old"), semconv.AgentOpsSessionName("new")}, "new"},
		{[]attribute.KeyValue{semconv.OperationName("old")}, "old"},
	} {
		root := recorded(1, "x.session", trace.SpanKindInternal, codes.Unset, append(tc.attrs, semconv.SpanKindSession.Attribute())...)
		if d := NewDocument(tracetest.SpanStubs{root}.Snapshots()); d.Name != tc.want {
			t.Errorf("%v: name %q, want %q", tc.attrs, d.Name, tc.want)
		}
	}
}

// TestLLMMessagesOfTheRecording: system instructions lead the prompt, a
// tool result's response is its message's content, tool call arguments
// are JSON text; spans with only indexed content are still read.
func TestLLMMessagesOfTheRecording(t *testing.T) {
	ev := eventOf(t, semconv.SpanKindLLM.Attribute(), semconv.GenAISystemInstructions(llmInstructions),
		semconv.GenAIInputMessages(llmInput), semconv.GenAIOutputMessages(llmOutput))
	prompt, completion := ev.Prompt.([]Message), ev.Completion.(Message)
	if len(prompt) != 4 || prompt[0].Role != "system" || prompt[0].Content != "You are a travel agent." ||
		prompt[3].Role != "tool" || prompt[3].Content != `18°C, "sunny"` || prompt[2].ToolCalls[0].Function.Arguments != `{"city":"Paris"}` {
		t.Errorf("prompt %+v", prompt)
	}
	if completion.Content != "It is 18°C.\nSunny." || completion.ToolCalls[0].Function.Arguments != `{"city":"Paris","days":2}` {
		t.Errorf("completion %+v", completion)
	}
	indexed := eventOf(t, semconv.GenAISystem("openai"), semconv.GenAIPromptRoleKey(0).String("user"),
		semconv.GenAIPromptContentKey(0).String("hi"), semconv.GenAICompletionRoleKey(0).String("assistant"),
		semconv.GenAICompletionContentKey(0).String("hello"))
	if p := indexed.Prompt.([]Message); p[0].Content != "hi" || indexed.Completion.(Message).Content != "hello" {
		t.Errorf("indexed content %+v %+v", indexed.Prompt, indexed.Completion)
	}
}

// TestDocumentDropsNonFiniteNumbers: a NaN or an infinity on a span of
// other instrumentation (otelagentops records none) is left out of the
// document, which JSON could not encode with it: the session's file must
// still be written.
func TestDocumentDropsNonFiniteNumbers(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	spans := tracetest.SpanStubs{
		recorded(1, "default.session", trace.SpanKindInternal, codes.Ok,
			semconv.SpanKindSession.Attribute(), semconv.AgentOpsSessionCostUSD(nan), semconv.AgentOpsSessionLLMCalls(1)),
		recorded(2, "chat m", trace.SpanKindClient, codes.Unset,
			semconv.GenAIRequestModel("m"), semconv.GenAIRequestTemperature(nan), semconv.GenAIRequestTopP(0.5),
			semconv.GenAIRequestPresencePenalty(math.Inf(-1)), attribute.Float64Slice("gen_ai.request.stop_sequences", []float64{1, inf}),
			semconv.AgentOpsLLMCostUSD(inf)),
	}.Snapshots()
	doc := NewDocument(spans)
	data, err := json.Marshal(&doc)
	if err != nil {
		t.Fatalf("the document does not encode: %v", err)
	}
	ev := doc.Events[0]
	if ev.Cost != nil {
		t.Errorf("cost %v, want none", *ev.Cost)
	}
	params, _ := ev.Params.(map[string]any)
	if _, ok := params["temperature"]; ok || params["top_p"] != 0.5 {
		t.Errorf("params %v: want top_p kept, temperature dropped", ev.Params)
	}
	if doc.Stats == nil || doc.Stats.CostUSD != 0 || doc.Stats.LLMCalls != 1 {
		t.Errorf("stats %+v, want a zero cost and the other figures kept", doc.Stats)
	}
	_ = data
}
