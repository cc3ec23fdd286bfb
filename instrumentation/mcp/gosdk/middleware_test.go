package otelmcp

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/mcpspan/mcpspantest"
)

// TestToolCallAcrossClientAndServer: a tools/call is one CLIENT tool span in
// the session, with arguments and result, and the server's handler span is
// its child in the same trace, through params._meta; the handler runs in
// the server span.
func TestToolCallAcrossClientAndServer(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	var handled atomic.Value
	ctx, sess, err := r.Client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cs := connect(ctx, t, newWeatherServer(&handled, WithClient(r.Client)), WithClient(r.Client))
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}})
	if err != nil || res.IsError {
		t.Fatalf("CallTool: %v, %+v", err, res)
	}
	spans := r.Flush(t)
	client := mcpspantest.One(t, spans, "tools/call get_weather", trace.SpanKindClient)
	server := mcpspantest.One(t, spans, "tools/call get_weather", trace.SpanKindServer)
	if client.SpanContext().TraceID() != sess.SpanContext().TraceID() || client.Parent().SpanID() != sess.SpanContext().SpanID() {
		t.Errorf("client span is not a child of the session root")
	}
	if server.SpanContext().TraceID() != client.SpanContext().TraceID() || server.Parent().SpanID() != client.SpanContext().SpanID() ||
		!server.Parent().IsRemote() {
		t.Errorf("server span parent %v, want the client span %v (remote)", server.Parent(), client.SpanContext())
	}
	if got, _ := handled.Load().(trace.SpanContext); got.SpanID() != server.SpanContext().SpanID() {
		t.Errorf("handler ran in span %v, want the server span", got.SpanID())
	}
	ca := mcpspantest.Attrs(client)
	for k, want := range map[string]string{
		"mcp.method.name": "tools/call", "gen_ai.tool.name": "get_weather", "gen_ai.operation.name": "execute_tool",
		"agentops.span.kind": "tool", "gen_ai.tool.call.arguments": `{"city":"Paris"}`,
		"gen_ai.tool.call.result": `{"forecast":"sunny in Paris"}`, "mcp.protocol.version": cs.InitializeResult().ProtocolVersion,
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
	if _, ok := sa["gen_ai.tool.call.arguments"]; ok {
		t.Error("server span records the arguments the client span holds")
	}
	if client.Status().Code == codes.Error || server.Status().Code == codes.Error {
		t.Errorf("statuses %v / %v", client.Status(), server.Status())
	}
	if st := sess.Stats(); st.ToolCalls != 1 || st.LLMCalls != 0 || st.Errors != 0 {
		t.Errorf("stats %+v, want exactly one tool call", st)
	}
}

// TestEveryMethodIsASpanOneToolPerCall: the connection's discovery
// (server/discover: protocol 2026-07-28 has no initialize), tools/list,
// prompts/get and resources/read are spans on both sides, never tool or LLM calls; each tools/call is one tool in the
// session stats and on the AgentOps dashboard, across both sides' spans.
func TestEveryMethodIsASpanOneToolPerCall(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	ctx, sess, _ := r.Client.StartSession(context.Background())
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	if _, err := cs.ListTools(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.GetPrompt(ctx, &mcp.GetPromptParams{Name: "greet"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: "file:///readme.md"}); err != nil {
		t.Fatal(err)
	}
	for _, city := range []string{"Paris", "Oslo"} {
		if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: weatherIn{City: city}}); err != nil {
			t.Fatal(err)
		}
	}
	spans := r.Flush(t)
	for _, name := range []string{"server/discover", "tools/list", "prompts/get greet", "resources/read"} {
		for _, kind := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
			s := mcpspantest.One(t, spans, name, kind)
			if a := mcpspantest.Attrs(s); a["agentops.span.kind"] != "task" || a["mcp.method.name"] != strings.Fields(name)[0] {
				t.Errorf("%s %s: %v", kind, name, a)
			}
		}
	}
	if a := mcpspantest.Attrs(mcpspantest.One(t, spans, "resources/read", trace.SpanKindClient)); a["mcp.resource.uri"] != "file:///readme.md" {
		t.Errorf("resources/read: %v", a)
	}
	if a := mcpspantest.Attrs(mcpspantest.One(t, spans, "prompts/get greet", trace.SpanKindClient)); a["gen_ai.prompt.name"] != "greet" {
		t.Errorf("prompts/get: %v", a)
	}
	mcpspantest.CheckToolCallsCounted(ctx, t, r, sess, 2)
}

// TestToolErrors: a result with isError and a JSON-RPC error (an unknown
// tool) end the tool span with status Error and the conventions' error.type;
// each is still one tool call.
func TestToolErrors(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	ctx, sess, _ := r.Client.StartSession(context.Background())
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "station", Arguments: weatherIn{City: "Oslo"}})
	if err != nil || !res.IsError {
		t.Fatalf("station: %v, %+v", err, res)
	}
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "nowhere"}); err == nil {
		t.Fatal("unknown tool: no error")
	}
	spans := r.Flush(t)
	station := mcpspantest.One(t, spans, "tools/call station", trace.SpanKindClient)
	if a := mcpspantest.Attrs(station); station.Status().Code != codes.Error || a["error.type"] != "tool_error" ||
		!strings.Contains(station.Status().Description, "station offline") {
		t.Errorf("isError: status %v, attrs %v", station.Status(), a)
	}
	if s := mcpspantest.One(t, spans, "tools/call station", trace.SpanKindServer); mcpspantest.Attrs(s)["error.type"] != "tool_error" || s.Status().Code != codes.Error {
		t.Errorf("isError on the server: %v %v", s.Status(), mcpspantest.Attrs(s))
	}
	unknown := mcpspantest.One(t, spans, "tools/call nowhere", trace.SpanKindClient)
	if a := mcpspantest.Attrs(unknown); unknown.Status().Code != codes.Error || a["error.type"] != "-32602" || a["rpc.response.status_code"] != "-32602" {
		t.Errorf("JSON-RPC error: status %v, attrs %v", unknown.Status(), a)
	}
	if s := mcpspantest.One(t, spans, "tools/call nowhere", trace.SpanKindServer); mcpspantest.Attrs(s)["rpc.response.status_code"] != "-32602" {
		t.Errorf("JSON-RPC error on the server: %v", mcpspantest.Attrs(s))
	}
	// Each failure is recorded by both sides: the client's tool span and the
	// server's handler span (status Error, as the conventions ask); it
	// counts once, on the client's span.
	if st := sess.Stats(); st.ToolCalls != 2 || st.Errors != 2 {
		t.Errorf("stats %+v, want 2 tool calls and 2 errors", st)
	}
}

// TestContentCaptureOff: with capture off, neither arguments, result nor a
// tool's error text are recorded.
func TestContentCaptureOff(t *testing.T) {
	r := mcpspantest.NewRecorder(t, false)
	ctx, _, _ := r.Client.StartSession(context.Background())
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	for _, name := range []string{"get_weather", "station"} {
		if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: weatherIn{City: "Secret City"}}); err != nil {
			t.Fatal(err)
		}
	}
	mcpspantest.CheckNoContent(t, r.Flush(t), "Secret", "offline")
}

// TestNoSessionNoSpan: with no session, calls pass through unrecorded and
// the server still answers.
func TestNoSessionNoSpan(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	cs := connect(context.Background(), t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "get_weather", Arguments: weatherIn{City: "Rome"}})
	if err != nil || res.IsError {
		t.Fatalf("CallTool: %v %+v", err, res)
	}
	for _, s := range r.Flush(t) {
		if s.SpanKind() == trace.SpanKindClient {
			t.Errorf("client span %q recorded with no session", s.Name())
		}
	}
}

// TestParamsMetaRestored: the caller's params keep their own _meta, and
// the trace context is not left in it (the SDK adds protocol keys of its
// own).
func TestParamsMetaRestored(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	ctx, _, _ := r.Client.StartSession(context.Background())
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	p := &mcp.CallToolParams{Name: "get_weather", Arguments: weatherIn{City: "Lima"}, Meta: mcp.Meta{"mine": "kept"}}
	if _, err := cs.CallTool(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Meta["traceparent"]; ok || p.Meta["mine"] != "kept" {
		t.Errorf("params _meta after the call: %v", p.Meta)
	}
}

// TestInsideARecordedToolCall: a tools/call made inside a tool call that is
// recorded already (a framework's tool, the user's StartTool) is a task
// under it, not a second tool; the server span still hangs under it.
func TestInsideARecordedToolCall(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	ctx, sess, _ := r.Client.StartSession(context.Background())
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	tctx, outer, err := r.Client.StartTool(ctx, "weather_lookup", "Paris")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CallTool(tctx, &mcp.CallToolParams{Name: "get_weather", Arguments: weatherIn{City: "Paris"}}); err != nil {
		t.Fatal(err)
	}
	outer.End("sunny", nil)
	spans := r.Flush(t)
	client := mcpspantest.One(t, spans, "tools/call get_weather", trace.SpanKindClient)
	server := mcpspantest.One(t, spans, "tools/call get_weather", trace.SpanKindServer)
	if mcpspantest.Attrs(client)["agentops.span.kind"] != "task" || client.Parent().SpanID() != outer.Span().SpanContext().SpanID() {
		t.Errorf("MCP client span: kind %q, parent %v; want a task under the outer tool", mcpspantest.Attrs(client)["agentops.span.kind"], client.Parent().SpanID())
	}
	if server.Parent().SpanID() != client.SpanContext().SpanID() {
		t.Error("server span is not under the MCP client span")
	}
	if st := sess.Stats(); st.ToolCalls != 1 {
		t.Errorf("stats %+v, want one tool call", st)
	}
}
