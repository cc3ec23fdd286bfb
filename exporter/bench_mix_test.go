package exporter

import (
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// mixText is prose with the escapes real content has (newlines, quotes),
// cut to the sizes of mixSizes.
var mixText = strings.Repeat("The museum opens at 9:00; book \"skip the line\" tickets.\nLunch near the Seine, then a walk. ", 60)

// mixSizes are the answer sizes of the LLM calls of a session mix, in
// bytes: a few hundred to 4 KB.
var mixSizes = [...]int{300, 1200, 4096, 600, 2500}

// sessionMixBatch is a full batch (512) of whole sessions as the SDK
// records them: per session a root, an agent, two or three LLM calls with
// content (the first asks for a tool, one streams), one or two tool calls,
// an action and a recorded error.
func sessionMixBatch() []sdktrace.ReadOnlySpan {
	res := resource.NewSchemaless(semconv.ServiceName("bench"), semconv.AgentOpsSDKVersion(Version))
	now := time.Now()
	var stubs tracetest.SpanStubs
	for sess := 0; len(stubs) < 512; sess++ {
		tid := trace.TraceID{byte(sess), byte(sess >> 8), 2}
		ctx := func(k int) trace.SpanContext {
			return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{byte(sess), byte(sess >> 8), byte(k), 2}, TraceFlags: trace.FlagsSampled})
		}
		span := func(name string, kind trace.SpanKind, code codes.Code, attrs ...attribute.KeyValue) tracetest.SpanStub {
			k := len(stubs)
			s := tracetest.SpanStub{Name: name, SpanContext: ctx(k), Parent: ctx(0), SpanKind: kind, Resource: res,
				StartTime: now.Add(time.Duration(k) * time.Millisecond), EndTime: now.Add(time.Second),
				Status:     sdktrace.Status{Code: code},
				Attributes: append([]attribute.KeyValue{semconv.AgentOpsSessionID(testSessionID)}, attrs...)}
			if code == codes.Error {
				s.Status.Description = "failed"
			}
			return s
		}
		root := span("research.session", trace.SpanKindInternal, codes.Ok,
			semconv.SpanKindSession.Attribute(), semconv.AgentOpsSessionName("research"), semconv.GenAIConversationID(testSessionID),
			semconv.AgentOpsTags([]string{"bench", "mix"}), semconv.HostName("box"), semconv.OSType("linux"), semconv.CPUCount(8),
			semconv.AgentOpsSessionEndState("Success"), semconv.AgentOpsSessionLLMCalls(3), semconv.AgentOpsSessionInputTokens(900))
		root.Parent = trace.SpanContext{}
		stubs = append(stubs, root,
			span("invoke_agent planner", trace.SpanKindInternal, codes.Unset,
				semconv.SpanKindAgent.Attribute(), semconv.GenAIOperationName("invoke_agent"), semconv.GenAIAgentName("planner"),
				semconv.GenAIProviderName("openai"), semconv.GenAIConversationID(testSessionID),
				semconv.AgentOpsAgentInput(`{"goal":"plan a trip"}`), semconv.AgentOpsAgentOutput(`"done"`)))
		for i := range 2 + sess%2 {
			stubs = append(stubs, span("chat gpt-4.1", trace.SpanKindClient, codes.Unset, mixLLMAttrs(sess, i)...))
		}
		for i := range 1 + sess/2%2 {
			stubs = append(stubs, span("execute_tool get_weather", trace.SpanKindInternal, codes.Ok,
				semconv.SpanKindTool.Attribute(), semconv.GenAIOperationName("execute_tool"), semconv.GenAIToolName("get_weather"),
				semconv.GenAIToolCallID("call_"+string(rune('a'+i))), semconv.GenAIToolType("function"),
				semconv.GenAIToolCallArguments(`{"city":"Paris","days":2}`), semconv.GenAIToolCallResult(`{"temp":18,"sky":"sunny"}`)))
		}
		stubs = append(stubs,
			span("click.action", trace.SpanKindInternal, codes.Unset,
				semconv.SpanKindOperation.Attribute(), semconv.AgentOpsActionType("click"), semconv.AgentOpsActionLogs("clicked #book"),
				semconv.AgentOpsOperationInput(`{"selector":"#book"}`)),
			span("timeout.error", trace.SpanKindInternal, codes.Error,
				semconv.ErrorType("*errors.errorString"), semconv.ErrorMessage("took too long"), semconv.AgentOpsErrorCode("E42"),
				semconv.AgentOpsErrorTriggerSpanID(ctx(2).SpanID().String())))
		stubs[len(stubs)-1].Events = []sdktrace.Event{{Name: "exception", Time: now,
			Attributes: []attribute.KeyValue{semconv.ExceptionType("*errors.errorString"), semconv.ExceptionMessage("took too long")}}}
	}
	return stubs[:512].Snapshots()
}

// mixLLMAttrs are the attributes of LLM call i of session sess: the first
// call has system instructions and asks for a tool, the second streams.
func mixLLMAttrs(sess, i int) []attribute.KeyValue {
	answer := mixText[:mixSizes[(sess+i)%len(mixSizes)]]
	in := `[{"role":"user","parts":[{"type":"text","content":` + jsonString(mixText[:120]) + `}]}]`
	out := `[{"role":"assistant","parts":[{"type":"text","content":` + jsonString(answer) + `}],"finish_reason":"stop"}]`
	finish := "stop"
	if i == 0 {
		finish = "tool_calls"
		out = `[{"role":"assistant","parts":[{"type":"text","content":` + jsonString(answer) + `},` +
			`{"type":"tool_call","id":"call_a","name":"get_weather","arguments":{"city":"Paris","days":2}}],"finish_reason":"tool_call"}]`
	}
	attrs := []attribute.KeyValue{
		semconv.SpanKindLLM.Attribute(), semconv.GenAIOperationName("chat"), semconv.GenAIProviderName("openai"),
		semconv.GenAIRequestModel("gpt-4.1"), semconv.GenAIRequestMaxTokens(1024), semconv.GenAIRequestTemperature(0.2),
		semconv.ServerAddress("api.openai.com"), semconv.ServerPort(443), semconv.GenAIConversationID(testSessionID),
	}
	if i == 0 {
		attrs = append(attrs, semconv.GenAISystemInstructions(`[{"type":"text","content":"You are a careful travel agent."}]`))
	}
	if i == 1 {
		attrs = append(attrs, semconv.GenAIRequestStream(true), semconv.GenAIResponseTimeToFirstChunk(0.31))
	}
	return append(attrs, semconv.GenAIInputMessages(in),
		semconv.GenAIResponseID("chatcmpl-1"), semconv.GenAIResponseModel("gpt-4.1-2025-04-14"),
		semconv.GenAIResponseFinishReasons([]string{finish}), semconv.GenAIUsageInputTokens(120+i),
		semconv.GenAIUsageOutputTokens(len(answer)/4), semconv.GenAIUsageCacheReadTokens(64), semconv.GenAIOutputMessages(out))
}
