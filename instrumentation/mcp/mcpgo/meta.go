package otelmcpgo

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/agentops-go/sdk/internal/mcpspan"
)

// withTrace returns a new Meta holding meta's fields and the span context
// of ctx, or meta itself when ctx has none. meta is never modified.
func withTrace(ctx context.Context, meta *mcp.Meta) *mcp.Meta {
	var own map[string]any
	if meta != nil {
		own = meta.AdditionalFields
	}
	fields, ok := mcpspan.InjectMeta(ctx, own)
	if !ok {
		return meta
	}
	out := &mcp.Meta{AdditionalFields: fields}
	if meta != nil {
		out.ProgressToken = meta.ProgressToken
	}
	return out
}

// fields returns meta's additional fields, where the trace context is.
func fields(meta *mcp.Meta) map[string]any {
	if meta == nil {
		return nil
	}
	return meta.AdditionalFields
}

// rpcCodes maps the errors mcp-go's client returns for a JSON-RPC error
// response back to their codes (it keeps the code only as the error).
var rpcCodes = map[error]int64{
	mcp.ErrParseError:         mcp.PARSE_ERROR,
	mcp.ErrInvalidRequest:     mcp.INVALID_REQUEST,
	mcp.ErrMethodNotFound:     mcp.METHOD_NOT_FOUND,
	mcp.ErrInvalidParams:      mcp.INVALID_PARAMS,
	mcp.ErrInternalError:      mcp.INTERNAL_ERROR,
	mcp.ErrRequestInterrupted: mcp.REQUEST_INTERRUPTED,
	mcp.ErrResourceNotFound:   mcp.RESOURCE_NOT_FOUND,
}

// failure is the Outcome of a call that failed with err: a JSON-RPC error
// keeps its code.
func failure(err error) mcpspan.Outcome {
	for sentinel, code := range rpcCodes {
		if errors.Is(err, sentinel) {
			return mcpspan.Outcome{Err: &mcpspan.RPCError{Code: code, Message: err.Error()}}
		}
	}
	return mcpspan.Outcome{Err: err}
}

// toolOutcome reads a tools/call result: isError and its text, else the
// result to record (structured content, else the text, else the content
// as JSON).
func toolOutcome(r *mcp.CallToolResult) mcpspan.Outcome {
	if r == nil {
		return mcpspan.Outcome{}
	}
	text, textOnly := contentText(r.Content)
	if r.IsError {
		return mcpspan.Outcome{ToolError: true, ToolErrorText: text}
	}
	switch {
	case r.StructuredContent != nil:
		return mcpspan.Outcome{Output: r.StructuredContent}
	case textOnly:
		return mcpspan.Outcome{Output: text}
	}
	b, err := json.Marshal(r.Content)
	if err != nil {
		return mcpspan.Outcome{}
	}
	return mcpspan.Outcome{Output: json.RawMessage(b)}
}

// contentText joins the text parts of content, one per line, and reports
// whether every part is text.
func contentText(content []mcp.Content) (string, bool) {
	all := true
	var text string
	for _, c := range content {
		var t string
		switch tc := c.(type) {
		case mcp.TextContent:
			t = tc.Text
		case *mcp.TextContent:
			if tc != nil {
				t = tc.Text
			}
		default:
			all = false
			continue
		}
		if text != "" {
			text += "\n"
		}
		text += t
	}
	return text, all
}
