// Package otelmcpgo records Model Context Protocol calls made and served with
// github.com/mark3labs/mcp-go (v1.2) as spans of AgentOps sessions, in the
// OTel MCP semantic conventions.
//
// Wrap the client with NewClient and build the server with ServerOptions:
//
//	c, _ := client.NewStdioMCPClient("weather-server", nil)
//	mc := otelmcpgo.NewClient(c)
//	res, err := mc.CallTool(ctx, req) // a tool call of the session in ctx
//
//	s := server.NewMCPServer("weather", "1.0.0", otelmcpgo.ServerOptions()...)
//
// # Client
//
// Every request made through the Client (initialize, tools/list,
// tools/call, resources/read, prompts/get, ...) is a CLIENT span named
// "{mcp.method.name} {target}" (e.g. "tools/call get_weather"), in the
// session the call's context carries, else in the only active session of
// otelagentops.Default() (or of the client given with WithClient). With no
// session to record in, nothing is recorded.
//
// A tools/call is one tool call of the session (Session.Stats().ToolCalls,
// the AgentOps dashboard's "<name>.tool", the session files): gen_ai.tool.name,
// gen_ai.operation.name execute_tool, and when the session captures content
// the arguments and the result (the structured content, else the text,
// else the content as JSON), through the client's redactor and length
// limit. A result with isError ends the span with status Error and
// error.type tool_error (the tool's text as description only with content
// capture on); a JSON-RPC error with status Error and error.type and
// rpc.response.status_code its code (mcp-go keeps the code of the standard
// errors only: -32700, -32600, -32601, -32602, -32603, -32800, -32002;
// others get the Go error's type). Other methods are agentops.span.kind
// task: they never count as tool or LLM calls.
// A tools/call made inside a tool call recorded already (a framework
// integration's tool that calls an MCP server, the user's StartTool: see
// otelagentops.ToolCallFromContext) is a task under that tool instead, so
// that the call still counts once.
//
// # Propagation
//
// The client span's context is written to a copy of the request's
// params._meta (traceparent, tracestate, baggage: OTel's W3C propagators over
// the _meta map), as the OTel MCP conventions describe, on every transport.
// The server's handler middleware reads it: the server span is the client
// span's child, in the caller's session trace, even when the server is
// another process.
//
// # Server
//
// ServerOptions records tool, prompt and resource handlers: SERVER spans
// with the same name and MCP keys (mcp.method.name, mcp.session.id,
// mcp.protocol.version, mcp.resource.uri, gen_ai.prompt.name), the handler
// running with the span in its context. A tools/call span keeps
// gen_ai.tool.name and gen_ai.operation.name execute_tool for OTLP backends
// but is agentops.span.kind task, so that a call recorded by both
// processes counts as one tool everywhere. Server spans are started with
// the TracerProvider of WithTracerProvider, else of the WithClient client,
// else of otelagentops.Default(), else OTel's global one.
//
// A handler that fails (an error, or an isError result) ends the server
// span as the client's: status Error and error.type, as the conventions ask
// of both sides, and OTLP backends receive both failed spans. The failure
// counts once, on the client's span: a SERVER span whose parent is remote
// (the client span, through params._meta) and not the session root adds no
// error to Session.Stats().Errors or the session files, and reads status
// Unset on the AgentOps dashboard (its error.type kept, the description in
// error.message). A server span with no caller's context (a client without
// this instrumentation) has a local parent or none, and its failure counts.
//
// # The handler's own recordings
//
// The server span is in the caller's trace, but what a handler records
// through otelagentops (an LLM call through llmhttp, a tool) needs a
// session of the server's process. A server the agent starts with its
// Session.Environ (a stdio child) joins that session at start
// (otelagentops.Client.JoinInherited). Any other server (streamable HTTP,
// serving many agents) can join each caller's session per request with
// WithSessionJoin: the handler's context then carries the caller's
// session, so that its recordings count there, under the server span, and
// the stretch of requests of one session is one "<program>.process" span
// with their figures.
//
// # Not recorded
//
// jsonrpc.request.id (mcp-go assigns it inside the client and does not
// expose it to handler middleware); server spans of requests that reach no
// handler (initialize, the list methods, an unknown tool); network.transport
// unless given with WithNetworkTransport.
package otelmcpgo
