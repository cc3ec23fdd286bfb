package otelmcpgo

import (
	"context"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/agentops-go/sdk/internal/mcpspan"
)

// Client is an mcp-go client whose requests are recorded: each is a CLIENT
// span "{method} {target}" in the caller's AgentOps session, its span
// context carried to the server in params._meta. A CallTool is one tool
// call of the session. With no session (none in the context, and not
// exactly one active), nothing is recorded; the context's span, if any,
// is still propagated.
//
// Initialize, ListTools(ByPage), CallTool, ListResources(ByPage),
// ListResourceTemplates(ByPage), ReadResource, ListPrompts(ByPage),
// GetPrompt and Complete are recorded; every other method is the embedded
// *client.Client's, unrecorded. The caller's requests are not modified:
// the trace context goes into a copy of their _meta. Client satisfies
// client.MCPClient. It is safe for concurrent use as the embedded client
// is.
type Client struct {
	*client.Client
	rec       mcpspan.Client
	transport string
}

var _ client.MCPClient = (*Client)(nil)

// NewClient returns c with its requests recorded.
func NewClient(c *client.Client, opts ...Option) *Client {
	cfg := mcpspan.NewConfig(opts)
	return &Client{Client: c, rec: *cfg.ClientRecorder(), transport: cfg.Transport}
}

// request describes a request of method on c's connection.
func (c *Client) request(method string) mcpspan.Request {
	return mcpspan.Request{
		Method: method, SessionID: c.GetSessionId(), ProtocolVersion: c.Client.ProtocolVersion(), Transport: c.transport,
	}
}

// record runs send as the request r, its _meta (*meta) carrying the span's
// context, and ends the span with the outcome read from the result.
func record[R any](ctx context.Context, c *Client, r mcpspan.Request, meta **mcp.Meta,
	send func(context.Context) (R, error), read func(R) mcpspan.Outcome) (R, error) {
	ctx, call := c.rec.Start(ctx, &r)
	if meta != nil {
		*meta = withTrace(ctx, *meta)
	}
	res, err := send(ctx)
	o := failure(err)
	if err == nil && read != nil {
		o = read(res)
	}
	call.End(o)
	return res, err
}

// Initialize records the initialize request (its params have no _meta to
// carry the trace context).
func (c *Client) Initialize(ctx context.Context, req mcp.InitializeRequest) (*mcp.InitializeResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodInitialize)), nil,
		func(ctx context.Context) (*mcp.InitializeResult, error) { return c.Client.Initialize(ctx, req) },
		func(r *mcp.InitializeResult) mcpspan.Outcome {
			o := mcpspan.Outcome{SessionID: c.GetSessionId()}
			if r != nil {
				o.ProtocolVersion = r.ProtocolVersion
			}
			return o
		})
}

// CallTool records a tools/call as one tool call of the session: the tool's
// name, and when the session captures content its arguments and result.
func (c *Client) CallTool(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	r := c.request(string(mcp.MethodToolsCall))
	r.ToolName, r.Arguments = req.Params.Name, req.Params.Arguments
	return record(ctx, c, r, &req.Params.Meta,
		func(ctx context.Context) (*mcp.CallToolResult, error) { return c.Client.CallTool(ctx, req) }, toolOutcome)
}

// GetPrompt records a prompts/get.
func (c *Client) GetPrompt(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
	r := c.request(string(mcp.MethodPromptsGet))
	r.PromptName = req.Params.Name
	return record(ctx, c, r, &req.Params.Meta,
		func(ctx context.Context) (*mcp.GetPromptResult, error) { return c.Client.GetPrompt(ctx, req) }, nil)
}

// ReadResource records a resources/read.
func (c *Client) ReadResource(ctx context.Context, req mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	r := c.request(string(mcp.MethodResourcesRead))
	r.ResourceURI = req.Params.URI
	return record(ctx, c, r, &req.Params.Meta,
		func(ctx context.Context) (*mcp.ReadResourceResult, error) { return c.Client.ReadResource(ctx, req) }, nil)
}

// Complete records a completion/complete (its params have no _meta to
// carry the trace context).
func (c *Client) Complete(ctx context.Context, req mcp.CompleteRequest) (*mcp.CompleteResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodCompletionComplete)), nil,
		func(ctx context.Context) (*mcp.CompleteResult, error) { return c.Client.Complete(ctx, req) }, nil)
}
