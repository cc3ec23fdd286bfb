// Package otelmcp records Model Context Protocol calls made and served with
// github.com/modelcontextprotocol/go-sdk (v1.8) as spans of AgentOps
// sessions, in the OTel MCP semantic conventions.
//
// Add ClientMiddleware to the client and ServerMiddleware to the server:
//
//	client := mcp.NewClient(&mcp.Implementation{Name: "agent"}, nil)
//	client.AddSendingMiddleware(otelmcp.ClientMiddleware())
//
//	server := mcp.NewServer(&mcp.Implementation{Name: "weather"}, nil)
//	server.AddReceivingMiddleware(otelmcp.ServerMiddleware())
//
// # Client
//
// Every request the client sends (initialize, tools/list, tools/call,
// resources/read, prompts/get, ...) and every notification is a CLIENT span
// named "{mcp.method.name} {target}" (e.g. "tools/call get_weather"), in
// the session the call's context carries, else in the only active session
// of otelagentops.Default() (or of the client given with WithClient). With
// no session to record in, nothing is recorded.
//
// A tools/call is one tool call of the session (Session.Stats().ToolCalls,
// the AgentOps dashboard's "<name>.tool", the session files): gen_ai.tool.name,
// gen_ai.operation.name execute_tool, and when the session captures content
// the arguments (gen_ai.tool.call.arguments) and result
// (gen_ai.tool.call.result: the structured content, else the text, else
// the content as JSON), through the client's redactor and length limit. A
// result with isError ends the span with status Error and error.type
// tool_error (the tool's text as description only with content capture on);
// a JSON-RPC error (an unknown tool, bad arguments) with status Error,
// error.type and rpc.response.status_code its code (e.g. -32602). Other
// methods are agentops.span.kind task: they never count as tool or LLM
// calls.
// A tools/call made inside a tool call recorded already (a framework
// integration's tool that calls an MCP server, the user's StartTool: see
// otelagentops.ToolCallFromContext) is a task under that tool instead, so
// that the call still counts once.
//
// # Propagation
//
// The client span's context is written to the request's params._meta
// (traceparent, tracestate, baggage: OTel's W3C propagators over the _meta
// map), as the OTel MCP conventions describe, on every transport (stdio,
// streamable HTTP, in-memory). ServerMiddleware reads it: the server span is
// the client span's child, in the caller's session trace, even when the
// server is another process.
//
// # Server
//
// Every request the server handles is a SERVER span with the same name and
// MCP keys (mcp.method.name, mcp.session.id, mcp.protocol.version,
// network.transport, mcp.resource.uri, gen_ai.prompt.name), linked to the
// transport's span in the handler's context when there is one. The handler
// runs with the span in its context, so its own spans nest under it. A
// tools/call span keeps gen_ai.tool.name and gen_ai.operation.name
// execute_tool for OTLP backends but is agentops.span.kind task, so that a
// call recorded by both processes counts as one tool everywhere. Tool
// arguments and results are not recorded on the server span (the client's
// tool call holds them). Server spans are started with the TracerProvider
// of WithTracerProvider, else of the WithClient client, else of
// otelagentops.Default(), else OTel's global one.
//
// A request that fails ends the server span as the client's: status Error,
// error.type (tool_error for an isError result, else the JSON-RPC code,
// with rpc.response.status_code), as the conventions ask of both sides, and
// OTLP backends receive both failed spans. The failure counts once, on the
// client's span: a SERVER span whose parent is remote (the client span,
// through params._meta) and not the session root adds no error to
// Session.Stats().Errors or the session files, and reads status Unset on
// the AgentOps dashboard (its error.type kept, the description in
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
// jsonrpc.request.id: the SDK assigns request IDs below its middleware and
// does not expose them there.
package otelmcp
