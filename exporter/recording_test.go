package exporter

import (
	"slices"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/recording"
	"github.com/agentops-go/sdk/semconv"
)

// Spans as otelagentops records them (the recording of issue 9: the OTel
// GenAI conventions plus agentops.*), one of each kind, for the view tests.

// The test session (internal/recording), under the names these tests use.
const testSessionID = recording.SessionID

var sc = recording.SC

// recorded is recording.Span with an Error status described "failed".
func recorded(id byte, name string, kind trace.SpanKind, code codes.Code, attrs ...attribute.KeyValue) tracetest.SpanStub {
	s := recording.Span(id, name, kind, code, attrs...)
	if code == codes.Error {
		s.Status.Description = "failed"
	}
	return s
}

func recordedRoot(code codes.Code) tracetest.SpanStub {
	return recorded(1, "research.session", trace.SpanKindInternal, code,
		semconv.SpanKindSession.Attribute(), semconv.AgentOpsSessionName("research"), semconv.GenAIConversationID(testSessionID),
		semconv.AgentOpsTags([]string{"a", "b"}), semconv.HostName("box"), semconv.OSType("linux"), semconv.CPUCount(8),
		semconv.AgentOpsSessionEndState("Fail"), semconv.AgentOpsSessionEndStateReason("tool failed"),
		semconv.AgentOpsSessionLLMCalls(1), semconv.AgentOpsSessionInputTokens(120))
}

func recordedProcess() tracetest.SpanStub {
	return recorded(2, "research.process", trace.SpanKindInternal, codes.Unset,
		semconv.SpanKindTask.Attribute(), semconv.AgentOpsSessionInherited(true), semconv.AgentOpsSessionName("research"),
		semconv.GenAIConversationID(testSessionID), semconv.AgentOpsTags([]string{"a"}), semconv.ProcessPID(42))
}

// The content of recordedLLM.
const (
	llmInstructions = recording.LLMInstructions
	llmInput        = recording.LLMInput
	llmOutput       = recording.LLMOutput
)

func recordedLLM() tracetest.SpanStub {
	return recorded(3, "chat gpt-4.1", trace.SpanKindClient, codes.Unset,
		semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"), semconv.GenAIProviderName("openai"),
		semconv.GenAIRequestModel("gpt-4.1"), semconv.GenAIRequestMaxTokens(256), semconv.GenAIRequestTemperature(0.2),
		semconv.GenAIRequestStream(true), semconv.ServerAddress("api.openai.com"), semconv.ServerPort(443),
		semconv.GenAIConversationID(testSessionID),
		semconv.GenAISystemInstructions(llmInstructions), semconv.GenAIInputMessages(llmInput),
		semconv.GenAIResponseID("resp-1"), semconv.GenAIResponseModel("gpt-4.1-2025-04-14"),
		semconv.GenAIResponseFinishReasons([]string{"tool_calls"}),
		semconv.GenAIUsageInputTokens(120), semconv.GenAIUsageOutputTokens(40), semconv.GenAIUsageCacheReadTokens(20),
		semconv.GenAIUsageReasoningOutputTokens(8), semconv.GenAIResponseTimeToFirstChunk(0.25),
		semconv.AgentOpsLLMCostUSD(0.01), semconv.GenAIOutputMessages(llmOutput))
}

// llmWith is recordedLLM with kvs in place of its keys of the same name,
// or added.
func llmWith(kvs ...attribute.KeyValue) tracetest.SpanStub {
	s := recordedLLM()
	for _, kv := range kvs {
		if i := slices.IndexFunc(s.Attributes, func(a attribute.KeyValue) bool { return a.Key == kv.Key }); i >= 0 {
			s.Attributes[i] = kv
		} else {
			s.Attributes = append(s.Attributes, kv)
		}
	}
	return s
}

// llmWithout is recordedLLM without keys.
func llmWithout(keys ...attribute.Key) tracetest.SpanStub {
	s := recordedLLM()
	s.Attributes = slices.DeleteFunc(s.Attributes, func(a attribute.KeyValue) bool { return slices.Contains(keys, a.Key) })
	return s
}

func recordedTool(code codes.Code) tracetest.SpanStub {
	attrs := []attribute.KeyValue{semconv.SpanKindTool.Attribute(), semconv.GenAIOperationName("execute_tool"),
		semconv.GenAIToolName("get_weather"), semconv.GenAIToolCallID("c0"), semconv.GenAIToolType("function"),
		semconv.GenAIToolCallArguments(`{"city":"Paris"}`)}
	if code == codes.Error {
		attrs = append(attrs, semconv.ErrorType("*net.OpError"), semconv.ErrorMessage("dial failed"))
	} else {
		attrs = append(attrs, semconv.GenAIToolCallResult("18°C"))
	}
	return recorded(4, "execute_tool get_weather", trace.SpanKindInternal, code, attrs...)
}

func recordedAgent() tracetest.SpanStub {
	return recorded(5, "invoke_agent planner", trace.SpanKindInternal, codes.Unset,
		semconv.SpanKindAgent.Attribute(), semconv.GenAIOperationName("invoke_agent"), semconv.GenAIAgentName("planner"),
		semconv.GenAIAgentID("a1"), semconv.GenAIProviderName("openai"), semconv.GenAIConversationID(testSessionID),
		semconv.AgentOpsAgentInput(`{"goal":"trip"}`), semconv.AgentOpsAgentOutput(`"done"`))
}

func recordedWorkflow() tracetest.SpanStub {
	return recorded(6, "invoke_workflow plan_trip", trace.SpanKindInternal, codes.Unset,
		semconv.SpanKindWorkflow.Attribute(), semconv.GenAIOperationName("invoke_workflow"),
		semconv.GenAIWorkflowName("plan_trip"), semconv.AgentOpsWorkflowInput(`{}`))
}

func recordedTask() tracetest.SpanStub {
	return recorded(7, "book.task", trace.SpanKindInternal, codes.Unset,
		semconv.SpanKindTask.Attribute(), semconv.AgentOpsTaskName("book"), semconv.AgentOpsTaskInput(`{}`))
}

func recordedAction() tracetest.SpanStub {
	return recorded(8, "click.action", trace.SpanKindInternal, codes.Unset,
		semconv.SpanKindOperation.Attribute(), semconv.AgentOpsActionType("click"), semconv.AgentOpsActionLogs("ok"),
		semconv.AgentOpsOperationInput(`{"x":1}`))
}

func recordedError(name string) tracetest.SpanStub {
	s := recorded(9, name, trace.SpanKindInternal, codes.Error,
		semconv.ErrorType("*errors.errorString"), semconv.ErrorMessage("took too long"), semconv.AgentOpsErrorCode("E42"),
		semconv.AgentOpsErrorTriggerSpanID(trace.SpanID{3}.String()))
	s.Events = []sdktrace.Event{{Name: "exception", Attributes: []attribute.KeyValue{semconv.ExceptionStacktrace("goroutine 1")}}}
	return s
}

// foreignLLM is an LLM span of other instrumentation that carries both
// vocabularies and both content forms.
func foreignLLM() tracetest.SpanStub {
	return recorded(10, "openai.chat.completion", trace.SpanKindClient, codes.Unset,
		semconv.GenAISystem("openai"), semconv.GenAIProviderName("openai"), semconv.GenAIOperationName("chat"),
		semconv.GenAIRequestType("chat"), semconv.GenAIRequestModel("gpt-4o"),
		semconv.GenAIUsagePromptTokens(7), semconv.GenAIUsageInputTokens(7), semconv.GenAIUsageCompletionTokens(3),
		semconv.GenAIUsageOutputTokens(3), semconv.GenAIUsageTotalTokens(10), semconv.GenAIUsageTotalCost(0.5),
		semconv.GenAIPromptRoleKey(0).String("user"), semconv.GenAIPromptContentKey(0).String("hi"),
		semconv.GenAIInputMessages(`[{"role":"user","parts":[{"type":"text","content":"hi"}]}]`),
		semconv.GenAICompletionRoleKey(0).String("assistant"), semconv.GenAICompletionContentKey(0).String("hello"),
		semconv.GenAIOutputMessages(`[{"role":"assistant","parts":[{"type":"text","content":"hello"}]}]`),
		semconv.OperationName("chat"))
}

// attrMap returns the attributes of s by key, failing on a duplicate key.
func attrMap(s sdktrace.ReadOnlySpan) (map[string]attribute.Value, []string) {
	m := map[string]attribute.Value{}
	var dups []string
	for _, kv := range s.Attributes() {
		if _, ok := m[string(kv.Key)]; ok {
			dups = append(dups, string(kv.Key))
		}
		m[string(kv.Key)] = kv.Value
	}
	return m, dups
}

// genAIKeys returns the gen_ai.* keys of s.
func genAIKeys(s sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, kv := range s.Attributes() {
		if strings.HasPrefix(string(kv.Key), "gen_ai.") {
			out = append(out, string(kv.Key))
		}
	}
	return out
}
