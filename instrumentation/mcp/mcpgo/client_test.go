package otelmcpgo

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/mcpspan/mcpspantest"
)

// TestToolCallAcrossClientAndServer: a tools/call is one CLIENT tool span
// in the session, with arguments and result, and the server's handler span
// is its child in the same trace, through params._meta.
func TestToolCallAcrossClientAndServer(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	var handled atomic.Value
	ctx, sess, _ := r.Client.StartSession(context.Background())
	c := connect(ctx, t, newWeatherServer(&handled, WithClient(r.Client)), WithClient(r.Client))
	args := map[string]any{"city": "Paris"}
	res, err := callTool(ctx, c, "get_weather", args)
	if err != nil || res.IsError {
		t.Fatalf("CallTool: %v, %+v", err, res)
	}
	if len(args) != 1 {
		t.Errorf("the caller's arguments changed: %v", args)
	}
	spans := r.Flush(t)
	client := mcpspantest.One(t, spans, "tools/call get_weather", trace.SpanKindClient)
	server := mcpspantest.One(t, spans, "tools/call get_weather", trace.SpanKindServer)
	if client.Parent().SpanID() != sess.SpanContext().SpanID() || client.SpanContext().TraceID() != sess.SpanContext().TraceID() {
		t.Error("client span is not a child of the session root")
	}
	if server.Parent().SpanID() != client.SpanContext().SpanID() || server.SpanContext().TraceID() != client.SpanContext().TraceID() {
		t.Errorf("server span parent %v, want the client span %v", server.Parent(), client.SpanContext())
	}
	if got, _ := handled.Load().(trace.SpanContext); got.SpanID() != server.SpanContext().SpanID() {
		t.Errorf("handler ran in span %v, want the server span", got.SpanID())
	}
	ca := mcpspantest.Attrs(client)
	for k, want := range map[string]string{
		"mcp.method.name": "tools/call", "gen_ai.tool.name": "get_weather", "gen_ai.operation.name": "execute_tool",
		"agentops.span.kind": "tool", "gen_ai.tool.call.arguments": `{"city":"Paris"}`,
		"gen_ai.tool.call.result": "sunny in Paris",
	} {
		if ca[attributeKey(k)] != want {
			t.Errorf("client %s = %q, want %q", k, ca[attributeKey(k)], want)
		}
	}
	sa := mcpspantest.Attrs(server)
	for k, want := range map[string]string{
		"mcp.method.name": "tools/call", "gen_ai.tool.name": "get_weather", "gen_ai.operation.name": "execute_tool",
		"agentops.span.kind": "task",
	} {
		if sa[attributeKey(k)] != want {
			t.Errorf("server %s = %q, want %q", k, sa[attributeKey(k)], want)
		}
	}
	if st := sess.Stats(); st.ToolCalls != 1 || st.LLMCalls != 0 || st.Errors != 0 {
		t.Errorf("stats %+v, want exactly one tool call", st)
	}
}

// TestEveryMethodIsASpanOneToolPerCall: initialize, tools/list,
// prompts/get and resources/read are client spans that never count as tool
// or LLM calls; the prompt and resource handlers are server spans; each
// tools/call is one tool in the stats and on the AgentOps dashboard.
func TestEveryMethodIsASpanOneToolPerCall(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	ctx, sess, _ := r.Client.StartSession(context.Background())
	c := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	if _, err := c.ListTools(ctx, mcp.ListToolsRequest{}); err != nil {
		t.Fatal(err)
	}
	gp := mcp.GetPromptRequest{}
	gp.Params.Name = "greet"
	if _, err := c.GetPrompt(ctx, gp); err != nil {
		t.Fatal(err)
	}
	rr := mcp.ReadResourceRequest{}
	rr.Params.URI = "file:///readme.md"
	if _, err := c.ReadResource(ctx, rr); err != nil {
		t.Fatal(err)
	}
	for _, city := range []string{"Paris", "Oslo"} {
		if _, err := callTool(ctx, c, "get_weather", map[string]any{"city": city}); err != nil {
			t.Fatal(err)
		}
	}
	spans := r.Flush(t)
	for _, name := range []string{"initialize", "tools/list", "prompts/get greet", "resources/read"} {
		if a := mcpspantest.Attrs(mcpspantest.One(t, spans, name, trace.SpanKindClient)); a["agentops.span.kind"] != "task" || a["mcp.method.name"] != strings.Fields(name)[0] {
			t.Errorf("client %s: %v", name, a)
		}
	}
	for _, name := range []string{"prompts/get greet", "resources/read"} {
		s := mcpspantest.One(t, spans, name, trace.SpanKindServer)
		if s.Parent().SpanID() != mcpspantest.One(t, spans, name, trace.SpanKindClient).SpanContext().SpanID() {
			t.Errorf("server %s is not the client span's child", name)
		}
	}
	if a := mcpspantest.Attrs(mcpspantest.One(t, spans, "resources/read", trace.SpanKindServer)); a["mcp.resource.uri"] != "file:///readme.md" {
		t.Errorf("resources/read: %v", a)
	}
	if a := mcpspantest.Attrs(mcpspantest.One(t, spans, "initialize", trace.SpanKindClient)); a["mcp.protocol.version"] != mcp.LATEST_PROTOCOL_VERSION {
		t.Errorf("initialize: %v", a)
	}
	mcpspantest.CheckToolCallsCounted(ctx, t, r, sess, 2)
}

// TestToolErrors: a result with isError, a handler's error and an unknown
// tool (JSON-RPC errors) end the tool span with status Error and the
// conventions' error.type; each is one tool call.
func TestToolErrors(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	ctx, sess, _ := r.Client.StartSession(context.Background())
	c := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	if res, err := callTool(ctx, c, "station", nil); err != nil || !res.IsError {
		t.Fatalf("station: %v %+v", err, res)
	}
	_, brokenErr := callTool(ctx, c, "broken", nil)
	_, unknownErr := callTool(ctx, c, "nowhere", nil)
	if brokenErr == nil || unknownErr == nil {
		t.Fatalf("errors: %v, %v", brokenErr, unknownErr)
	}
	spans := r.Flush(t)
	station := mcpspantest.One(t, spans, "tools/call station", trace.SpanKindClient)
	if station.Status().Code != codes.Error || mcpspantest.Attrs(station)["error.type"] != "tool_error" || station.Status().Description != "station offline" {
		t.Errorf("isError: %v %v", station.Status(), mcpspantest.Attrs(station))
	}
	if s := mcpspantest.One(t, spans, "tools/call station", trace.SpanKindServer); s.Status().Code != codes.Error || mcpspantest.Attrs(s)["error.type"] != "tool_error" {
		t.Errorf("isError on the server: %v %v", s.Status(), mcpspantest.Attrs(s))
	}
	for _, name := range []string{"tools/call broken", "tools/call nowhere"} {
		s := mcpspantest.One(t, spans, name, trace.SpanKindClient)
		a := mcpspantest.Attrs(s)
		if s.Status().Code != codes.Error || a["error.type"] == "" || a["error.type"] != a["rpc.response.status_code"] {
			t.Errorf("%s: status %v, attrs %v", name, s.Status(), a)
		}
	}
	// Each failure counts once, on the client's span, though the server's
	// handler span records it too (no handler, no server span: nowhere).
	if st := sess.Stats(); st.ToolCalls != 3 || st.Errors != 3 {
		t.Errorf("stats %+v, want 3 tool calls and 3 errors", st)
	}
}

// TestContentCaptureOff: with capture off, neither arguments, result nor a
// tool's error text are recorded.
func TestContentCaptureOff(t *testing.T) {
	r := mcpspantest.NewRecorder(t, false)
	ctx, _, _ := r.Client.StartSession(context.Background())
	c := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	for _, name := range []string{"get_weather", "station"} {
		if _, err := callTool(ctx, c, name, map[string]any{"city": "Secret City"}); err != nil {
			t.Fatal(err)
		}
	}
	mcpspantest.CheckNoContent(t, r.Flush(t), "Secret", "offline")
}

// TestNoSessionNoSpan: with no session, calls pass through unrecorded.
func TestNoSessionNoSpan(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	c := connect(context.Background(), t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	if res, err := callTool(context.Background(), c, "get_weather", map[string]any{"city": "Rome"}); err != nil || res.IsError {
		t.Fatalf("CallTool: %v %+v", err, res)
	}
	for _, s := range r.Flush(t) {
		if s.SpanKind() == trace.SpanKindClient {
			t.Errorf("client span %q recorded with no session", s.Name())
		}
	}
}
