package sessiondoc

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/recording"
	"github.com/agentops-go/sdk/semconv"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The content of an LLM span as the SDK records it.
const (
	llmInstructions = recording.LLMInstructions
	llmInput        = recording.LLMInput
	llmOutput       = recording.LLMOutput
)

// sessionStubs is one session as the SDK records it: a root, an LLM call, a
// failed tool call, an action, a recorded error pointing at the LLM call,
// and an agent span (no event).
func sessionStubs() tracetest.SpanStubs {
	res := resource.NewSchemaless(semconv.ServiceName("agentops"), semconv.AgentOpsSDKVersion("0.1.0"),
		semconv.ProcessPID(4242), semconv.HostName("box"))
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	child := func(id byte, name string, start, end int, attrs ...attribute.KeyValue) tracetest.SpanStub {
		return tracetest.SpanStub{Name: name, SpanContext: sc(id), Parent: sc(1), StartTime: at(start), EndTime: at(end), Attributes: attrs, Resource: res}
	}
	root := tracetest.SpanStub{Name: "research.session", SpanContext: sc(1), StartTime: at(0), EndTime: at(1000), Resource: res,
		Status: sdktrace.Status{Code: codes.Ok},
		Attributes: []attribute.KeyValue{
			semconv.SpanKindSession.Attribute(), semconv.AgentOpsSessionName("research"), semconv.AgentOpsTags([]string{"a", "b"}),
			semconv.GenAIConversationID(testSessionID),
			semconv.AgentOpsSessionEndState("Success"), semconv.AgentOpsSessionEndStateReason("done"),
			semconv.AgentOpsSessionVideo("https://v/1"), semconv.HostName("box"), semconv.HostArch("amd64"),
			semconv.OSType("linux"), semconv.OSDescription("Debian (linux)"), semconv.ProcessRuntimeVersion("go1.26"),
			semconv.CPUCount(8), semconv.MemoryTotal(16 << 30), semconv.AgentOpsSessionLLMCalls(1),
			semconv.AgentOpsSessionToolCalls(1), semconv.AgentOpsSessionErrors(2), semconv.AgentOpsSessionInputTokens(12),
			semconv.AgentOpsSessionOutputTokens(5), semconv.AgentOpsSessionTotalTokens(17), semconv.AgentOpsSessionCostUSD(0.0001),
		}}
	llm := child(2, "chat gpt-4o", 10, 200, semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"),
		semconv.GenAIProviderName("openai"), semconv.GenAIRequestModel("gpt-4o"), semconv.GenAIResponseModel("gpt-4o-2024-08-06"),
		semconv.GenAIRequestTemperature(0.2), semconv.GenAIUsageInputTokens(12), semconv.GenAIUsageOutputTokens(5),
		semconv.GenAISystemInstructions(`[{"type":"text","content":"be brief"}]`),
		semconv.GenAIInputMessages(`[{"role":"user","parts":[{"type":"text","content":"hi"}]},`+
			`{"role":"tool","parts":[{"type":"tool_call_response","id":"c0","response":"42"}]}]`),
		semconv.GenAIOutputMessages(`[{"role":"assistant","parts":[{"type":"text","content":"hello"},`+
			`{"type":"tool_call","id":"c1","name":"search","arguments":{"q":"x"}}],"finish_reason":"tool_call"}]`))
	tool := child(3, "execute_tool search", 210, 300, semconv.SpanKindTool.Attribute(), semconv.GenAIOperationName("execute_tool"),
		semconv.GenAIToolName("search"), semconv.GenAIToolCallArguments(`{"q":"x"}`), semconv.ErrorType("*net.OpError"),
		semconv.ErrorMessage("dial failed"))
	tool.Status = sdktrace.Status{Code: codes.Error, Description: "dial failed"}
	tool.Events = []sdktrace.Event{{Name: "exception", Attributes: []attribute.KeyValue{semconv.ExceptionStacktrace("goroutine 1 [running]")}}}
	action := child(4, "click.action", 310, 320, semconv.SpanKindOperation.Attribute(), semconv.AgentOpsActionType("click"),
		semconv.AgentOpsActionLogs("clicked ok"), semconv.AgentOpsActionScreenshot("https://s/1"), semconv.AgentOpsOperationInput(`{"x":1}`))
	recErr := child(5, "timeout.error", 400, 400, semconv.ErrorType("timeout"), semconv.ErrorMessage("took too long"),
		semconv.AgentOpsErrorCode("E42"), semconv.AgentOpsErrorTriggerSpanID(trace.SpanID{2}.String()))
	recErr.Status = sdktrace.Status{Code: codes.Error, Description: "took too long"}
	agent := child(6, "invoke_agent planner", 5, 900, semconv.SpanKindAgent.Attribute(), semconv.GenAIOperationName("invoke_agent"),
		semconv.GenAIAgentName("planner"), semconv.GenAIProviderName("openai"))
	return tracetest.SpanStubs{llm, tool, action, recErr, agent, root}
}

func TestDocumentGolden(t *testing.T) {
	doc := NewDocument(sessionStubs().Snapshots())
	got, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "session.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Errorf("document differs from %s (run go test -update):\n%s", golden, got)
	}
}

func TestDocumentFields(t *testing.T) {
	doc := NewDocument(sessionStubs().Snapshots())
	s := doc.Session
	if s.SessionID != "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11" || s.InitTimestamp.String() != "2025-01-12T03:23:33.063611+00:00" {
		t.Errorf("session id %s, init %s", s.SessionID, s.InitTimestamp)
	}
	if s.EndState != "Success" || s.HostEnv["RAM"].(map[string]any)["Total"] != "16.00 GB" || doc.Partial {
		t.Errorf("end state %q, host env %v, partial %v", s.EndState, s.HostEnv, doc.Partial)
	}
	var types []string
	for _, e := range doc.Events {
		types = append(types, e.EventType)
	}
	want := []string{"llms", "tools", "errors", "actions", "errors"}
	if len(types) != len(want) {
		t.Fatalf("event types %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("event types %v, want %v", types, want)
		}
	}
	toolErr, recorded := doc.Events[2].ErrorEvent, doc.Events[4].ErrorEvent
	if *toolErr.TriggerEventID != doc.Events[1].ID || *toolErr.TriggerEventType != "tools" || doc.Events[2].Logs == "" {
		t.Errorf("tool error event %+v does not point at the tool event", toolErr)
	}
	if *recorded.TriggerEventID != doc.Events[0].ID || *recorded.TriggerEventType != "llms" || recorded.Code != "E42" {
		t.Errorf("recorded error %+v does not point at the LLM event", recorded)
	}
	if llm := doc.Events[0].LLMEvent; llm.Model != "gpt-4o-2024-08-06" || llm.PromptTokens != 12 || llm.Cost != nil ||
		llm.Completion.(Message).ToolCalls[0].Function.Name != "search" {
		t.Errorf("llm event %+v", llm)
	}
}

func TestDocumentWithoutRootIsPartial(t *testing.T) {
	stubs := sessionStubs()
	doc := NewDocument(stubs[:len(stubs)-1].Snapshots())
	if !doc.Partial || doc.Session.SessionID != sessionID(testTrace) || doc.Session.InitTimestamp.String() != "2025-01-12T03:23:33.068611+00:00" {
		t.Errorf("partial %v, session %+v", doc.Partial, doc.Session)
	}
}

func TestTimestampJSON(t *testing.T) {
	in := Timestamp(time.Date(2025, 1, 12, 4, 23, 33, 63611789, time.FixedZone("CET", 3600)))
	b, _ := json.Marshal(in)
	if string(b) != `"2025-01-12T03:23:33.063611+00:00"` {
		t.Errorf("marshal = %s", b)
	}
	var back Timestamp
	if err := json.Unmarshal(b, &back); err != nil || !back.Time().Equal(in.Time().Truncate(time.Microsecond)) {
		t.Errorf("unmarshal = %v, %v", back, err)
	}
	if b, _ := json.Marshal(Timestamp{}); string(b) != "null" {
		t.Errorf("zero = %s", b)
	}
	if err := json.Unmarshal([]byte(`"yesterday"`), &back); err == nil {
		t.Error("want an error for a bad timestamp")
	}
}
