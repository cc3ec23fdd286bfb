package mcpspan

import (
	"strconv"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// ScopeName is the instrumentation scope of the spans the MCP
// instrumentation starts itself (all but the client's tool calls, which
// otelagentops starts).
const ScopeName = "github.com/agentops-go/sdk/instrumentation/mcp"

// MethodToolsCall is the method of a tool call.
const MethodToolsCall = "tools/call"

// Request is one MCP request (or notification) as an SDK hook sees it.
type Request struct {
	Method          string // mcp.method.name, e.g. tools/call
	ToolName        string // tools/call: gen_ai.tool.name
	PromptName      string // prompts/get: gen_ai.prompt.name
	ResourceURI     string // resources/read, subscribe, unsubscribe: mcp.resource.uri
	Arguments       any    // tools/call: the arguments, recorded when content is captured
	SessionID       string // mcp.session.id, "" when the transport has none
	ProtocolVersion string // mcp.protocol.version, "" when not known yet
	Transport       string // network.transport: semconv.NetworkTransportPipe or TCP, "" when unknown
	RequestID       string // jsonrpc.request.id, "" when the SDK does not expose it
}

// SpanName is "{mcp.method.name} {target}", the target being the tool or
// prompt name; just the method when there is none (a resource URI is not
// used: it is not low-cardinality).
func (r *Request) SpanName() string {
	switch {
	case r.ToolName != "":
		return r.Method + " " + r.ToolName
	case r.PromptName != "":
		return r.Method + " " + r.PromptName
	}
	return r.Method
}

// isTool reports whether r is a tool call.
func (r *Request) isTool() bool { return r.Method == MethodToolsCall }

// attributes appends r's MCP keys to attrs.
func (r *Request) attributes(attrs []attribute.KeyValue) []attribute.KeyValue {
	attrs = append(attrs, semconv.MCPMethodName(r.Method))
	if r.PromptName != "" {
		attrs = append(attrs, semconv.GenAIPromptName(r.PromptName))
	}
	if r.ResourceURI != "" {
		attrs = append(attrs, semconv.MCPResourceURI(r.ResourceURI))
	}
	if r.SessionID != "" {
		attrs = append(attrs, semconv.MCPSessionID(r.SessionID))
	}
	if r.ProtocolVersion != "" {
		attrs = append(attrs, semconv.MCPProtocolVersion(r.ProtocolVersion))
	}
	if r.Transport != "" {
		attrs = append(attrs, semconv.NetworkTransport(r.Transport))
	}
	if r.RequestID != "" {
		attrs = append(attrs, semconv.JSONRPCRequestID(r.RequestID))
	}
	return attrs
}

// Outcome is how a request ended.
type Outcome struct {
	Err error // the call's error (a JSON-RPC error: wrap it with RPCError)
	// ToolError is a tools/call result with isError set; ToolErrorText its
	// text, used as the status description when content is captured.
	ToolError     bool
	ToolErrorText string
	Output        any    // a tools/call's result, recorded when content is captured
	SessionID     string // learned with the response (initialize over streamable HTTP), if not known at the start
	// ProtocolVersion learned with the response (initialize), if not known
	// at the start.
	ProtocolVersion string
}

// RPCError is a JSON-RPC error response: error.type and
// rpc.response.status_code are its code.
type RPCError struct {
	Code    int64
	Message string
}

func (e *RPCError) Error() string { return e.Message }

// ErrorType is the code as a string, which OTel's error.type reads.
func (e *RPCError) ErrorType() string { return strconv.FormatInt(e.Code, 10) }

// ToolError is a tools/call result with isError set: error.type tool_error.
type ToolError struct{ Text string }

func (e *ToolError) Error() string {
	if e.Text == "" {
		return "the tool returned an error result"
	}
	return e.Text
}

// ErrorType is semconv.ErrorTypeToolError.
func (e *ToolError) ErrorType() string { return semconv.ErrorTypeToolError }

// maxErrorText bounds a tool's error text used as a status description.
const maxErrorText = 1024

// toolError returns the error of a result with isError: its text when
// content is captured, none otherwise.
func (o *Outcome) toolError(capture bool) error {
	if !capture {
		return &ToolError{}
	}
	t := o.ToolErrorText
	if len(t) > maxErrorText {
		t = cutUTF8(t, maxErrorText)
	}
	return &ToolError{Text: t}
}

// cutUTF8 cuts s to at most n bytes, at a rune boundary.
func cutUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
