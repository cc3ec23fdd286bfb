package otelmcp

import (
	"encoding/json"
	"errors"
	"reflect"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentops-go/sdk/internal/mcpspan"
	"github.com/agentops-go/sdk/semconv"
)

// describe reads what the conventions record of a request: its target,
// session and protocol version. The JSON-RPC request ID is not recorded:
// the SDK assigns it below the middleware and does not expose it there.
func describe(method string, req mcp.Request, transport string) mcpspan.Request {
	r := mcpspan.Request{Method: method, Transport: transport}
	switch p := params(req).(type) {
	case *mcp.CallToolParams:
		r.ToolName, r.Arguments = p.Name, p.Arguments
	case *mcp.CallToolParamsRaw:
		r.ToolName, r.Arguments = p.Name, p.Arguments
	case *mcp.GetPromptParams:
		r.PromptName = p.Name
	case *mcp.ReadResourceParams:
		r.ResourceURI = p.URI
	case *mcp.SubscribeParams:
		r.ResourceURI = p.URI
	case *mcp.UnsubscribeParams:
		r.ResourceURI = p.URI
	}
	switch s := req.GetSession().(type) {
	case *mcp.ClientSession:
		if s != nil {
			r.SessionID = s.ID()
			if ir := s.InitializeResult(); ir != nil {
				r.ProtocolVersion = ir.ProtocolVersion
			}
		}
	case *mcp.ServerSession:
		if s != nil {
			r.SessionID = s.ID()
		}
		if v, ok := req.(interface{ ProtocolVersion() string }); ok {
			r.ProtocolVersion = v.ProtocolVersion()
		}
		if ip, ok := params(req).(*mcp.InitializeParams); ok && r.ProtocolVersion == "" {
			r.ProtocolVersion = ip.ProtocolVersion
		}
		if x := req.GetExtra(); x != nil && x.Header != nil && r.Transport == "" {
			r.Transport = semconv.NetworkTransportTCP
		}
	}
	return r
}

// params returns the request's params, or nil for none (a nil pointer
// included: its methods would panic).
func params(req mcp.Request) mcp.Params {
	p := req.GetParams()
	if p == nil {
		return nil
	}
	if v := reflect.ValueOf(p); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	return p
}

// outcome reads how a request ended: the JSON-RPC error, a tool result's
// isError and content, the protocol version an initialize agreed on.
func outcome(res mcp.Result, err error, s mcp.Session) mcpspan.Outcome {
	var o mcpspan.Outcome
	if err != nil {
		o.Err = err
		var wire *jsonrpc.Error
		if errors.As(err, &wire) {
			o.Err = &mcpspan.RPCError{Code: wire.Code, Message: err.Error()}
		}
		return o
	}
	switch r := res.(type) {
	case *mcp.CallToolResult:
		if r == nil {
			break
		}
		if r.IsError {
			o.ToolError, o.ToolErrorText = true, contentText(r.Content)
		} else {
			o.Output = toolOutput(r)
		}
	case *mcp.InitializeResult:
		if r != nil {
			o.ProtocolVersion = r.ProtocolVersion
			if cs, ok := s.(*mcp.ClientSession); ok && cs != nil {
				o.SessionID = cs.ID()
			}
		}
	}
	return o
}

// toolOutput is what a tool call's result is recorded as: its structured
// content, else the text of a text-only result, else its content as JSON.
func toolOutput(r *mcp.CallToolResult) any {
	if r.StructuredContent != nil {
		return r.StructuredContent
	}
	if t, ok := textOnly(r.Content); ok {
		return t
	}
	b, err := json.Marshal(r.Content)
	if err != nil {
		return nil
	}
	return json.RawMessage(b)
}

// contentText joins the text parts of content.
func contentText(content []mcp.Content) string {
	t, _ := textOnly(content)
	return t
}

// textOnly returns the text of content's text parts, one per line, and
// whether every part is text.
func textOnly(content []mcp.Content) (string, bool) {
	all := true
	var text string
	for i, c := range content {
		tc, ok := c.(*mcp.TextContent)
		if !ok || tc == nil {
			all = false
			continue
		}
		if i > 0 && text != "" {
			text += "\n"
		}
		text += tc.Text
	}
	return text, all
}
