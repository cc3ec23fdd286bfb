// Package mcpspan records Model Context Protocol requests as spans, in the
// OTel MCP semantic conventions, for the MCP instrumentation modules
// (instrumentation/mcp/gosdk for github.com/modelcontextprotocol/go-sdk,
// instrumentation/mcp/mcpgo for github.com/mark3labs/mcp-go). They turn
// their SDK's types into a Request and an Outcome; this package holds the
// one rule for both:
//
//   - Client side, every request is a CLIENT span "{mcp.method.name}
//     {target}" in the caller's AgentOps session (the one the context
//     carries, else the client's only active one; none: no span). A
//     tools/call is a tool call (otelagentops.Client.StartToolCall: it
//     counts once in Session.Stats and in every view, with its arguments
//     and result when the session captures content); every other method is
//     agentops.span.kind task, so that it never counts as a tool or an LLM
//     call. A tools/call made inside a tool call that is recorded already
//     (otelagentops.ToolCallFromContext: a framework integration's tool, the
//     user's StartTool) steps aside the same way: a task under that tool.
//   - The client's span context travels in params._meta (traceparent,
//     tracestate, baggage) through OTel's W3C propagators over the _meta map
//     (MetaCarrier); the server's span is its child, whatever the transport.
//   - Server side, every handled request is a SERVER span with the same name
//     and MCP keys. A tools/call keeps gen_ai.tool.name and
//     gen_ai.operation.name execute_tool for OTLP backends, but is
//     agentops.span.kind task: the client's span is the tool call, so one
//     call is one tool in the session stats, the AgentOps view and the
//     session files, whichever process records which span.
//   - Errors: a JSON-RPC error sets error.type and rpc.response.status_code
//     to its code; a tools/call result with isError sets error.type
//     tool_error. Both set status Error, with the message as description
//     (a tool's error text only when the session captures content).
//   - With Config.JoinSessions (WithSessionJoin), a server request that
//     carries its caller's span context joins the caller's session for the
//     handler (join.go), so that what the handler records through
//     otelagentops counts there.
package mcpspan
