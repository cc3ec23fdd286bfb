// Package recording holds the test session both views are tested over:
// its IDs, its start time, a span of it as otelagentops records it, an
// LLM call's content in the OTel GenAI JSON forms, and the two spans of a
// failed MCP tools/call. The AgentOps view's tests (exporter), the session
// document's (sessiondoc) and the session index's build their spans from
// it. Only tests import it.
package recording

import (
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// SessionID is the test session's ID; TraceID is the same 16 bytes.
const SessionID = "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"

var (
	// TraceID is the test session's trace.
	TraceID = trace.TraceID{0x8f, 0x1b, 0x1a, 0x52, 0x3c, 0x0e, 0x4a, 0x4e, 0x9b, 0x39, 0x6f, 0x1c, 0x7e, 0x0f, 0x2d, 0x11}
	// T0 is when the test session starts.
	T0 = time.Date(2025, 1, 12, 3, 23, 33, 63611000, time.UTC)
)

// The content of a test LLM call: system instructions, input and output
// messages, with a tool call and its response.
const (
	LLMInstructions = `[{"type":"text","content":"You are a travel agent."}]`
	LLMInput        = `[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},` +
		`{"role":"assistant","parts":[{"type":"tool_call","id":"c0","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"},` +
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"c0","response":"18°C, \"sunny\""}]}]`
	LLMOutput = `[{"role":"assistant","parts":[{"type":"text","content":"It is 18°C.\nSunny."},` +
		`{"type":"tool_call","id":"c1","name":"book","arguments":{"city":"Paris","days":2}}],"finish_reason":"tool_call"}]`
)

// SC is the context of span span of the test session.
func SC(span byte) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: TraceID, SpanID: trace.SpanID{span}, TraceFlags: trace.FlagsSampled})
}

// Span returns a span of the test session named name, child of the root
// (span 1) unless it is the root, stamped with the session ID as the
// SessionProcessor stamps it.
func Span(id byte, name string, kind trace.SpanKind, code codes.Code, attrs ...attribute.KeyValue) tracetest.SpanStub {
	s := tracetest.SpanStub{
		Name: name, SpanContext: SC(id), SpanKind: kind, StartTime: T0.Add(time.Duration(id) * time.Millisecond),
		EndTime: T0.Add(time.Second), Status: sdktrace.Status{Code: code},
		Attributes: append([]attribute.KeyValue{semconv.AgentOpsSessionID(SessionID)}, attrs...),
		Resource:   resource.NewSchemaless(semconv.ServiceName("agentops"), semconv.AgentOpsSDKVersion("0.1.0")),
	}
	if id != 1 {
		s.Parent = SC(1)
	}
	return s
}

// FailedToolCall returns the two spans of an MCP tools/call whose tool
// failed, as the MCP instrumentation records them: the caller's CLIENT tool
// span (span id, under the root) and the handler's SERVER span (span id+1)
// under it, its parent remote (params._meta carried it), both with status
// Error and error.type tool_error, as the OTel MCP conventions ask.
func FailedToolCall(id byte) (client, server tracetest.SpanStub) {
	mcp := []attribute.KeyValue{semconv.MCPMethodName("tools/call"), semconv.GenAIToolName("station"),
		semconv.GenAIOperationName(semconv.GenAIOperationNameExecuteTool), semconv.ErrorType(semconv.ErrorTypeToolError)}
	client = Span(id, "tools/call station", trace.SpanKindClient, codes.Error,
		append([]attribute.KeyValue{semconv.SpanKindTool.Attribute()}, mcp...)...)
	client.Status.Description = "station offline"
	server = Span(id+1, "tools/call station", trace.SpanKindServer, codes.Error,
		append([]attribute.KeyValue{semconv.SpanKindTask.Attribute()}, mcp...)...)
	server.Status.Description = "station offline"
	server.Parent = trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: TraceID, SpanID: trace.SpanID{id}, TraceFlags: trace.FlagsSampled, Remote: true,
	})
	return client, server
}
