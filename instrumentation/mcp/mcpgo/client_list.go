package otelmcpgo

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
)

// The list methods: one span per call, all pages of a List* included.

// ListTools records a tools/list.
func (c *Client) ListTools(ctx context.Context, req mcp.ListToolsRequest) (*mcp.ListToolsResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodToolsList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListToolsResult, error) { return c.Client.ListTools(ctx, req) }, nil)
}

// ListToolsByPage records a tools/list of one page.
func (c *Client) ListToolsByPage(ctx context.Context, req mcp.ListToolsRequest) (*mcp.ListToolsResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodToolsList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListToolsResult, error) { return c.Client.ListToolsByPage(ctx, req) }, nil)
}

// ListResources records a resources/list.
func (c *Client) ListResources(ctx context.Context, req mcp.ListResourcesRequest) (*mcp.ListResourcesResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodResourcesList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListResourcesResult, error) { return c.Client.ListResources(ctx, req) }, nil)
}

// ListResourcesByPage records a resources/list of one page.
func (c *Client) ListResourcesByPage(ctx context.Context, req mcp.ListResourcesRequest) (*mcp.ListResourcesResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodResourcesList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListResourcesResult, error) {
			return c.Client.ListResourcesByPage(ctx, req)
		}, nil)
}

// ListResourceTemplates records a resources/templates/list.
func (c *Client) ListResourceTemplates(ctx context.Context, req mcp.ListResourceTemplatesRequest) (*mcp.ListResourceTemplatesResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodResourcesTemplatesList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListResourceTemplatesResult, error) {
			return c.Client.ListResourceTemplates(ctx, req)
		}, nil)
}

// ListResourceTemplatesByPage records a resources/templates/list of one page.
func (c *Client) ListResourceTemplatesByPage(ctx context.Context, req mcp.ListResourceTemplatesRequest) (*mcp.ListResourceTemplatesResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodResourcesTemplatesList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListResourceTemplatesResult, error) {
			return c.Client.ListResourceTemplatesByPage(ctx, req)
		}, nil)
}

// ListPrompts records a prompts/list.
func (c *Client) ListPrompts(ctx context.Context, req mcp.ListPromptsRequest) (*mcp.ListPromptsResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodPromptsList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListPromptsResult, error) { return c.Client.ListPrompts(ctx, req) }, nil)
}

// ListPromptsByPage records a prompts/list of one page.
func (c *Client) ListPromptsByPage(ctx context.Context, req mcp.ListPromptsRequest) (*mcp.ListPromptsResult, error) {
	return record(ctx, c, c.request(string(mcp.MethodPromptsList)), &req.Params.Meta,
		func(ctx context.Context) (*mcp.ListPromptsResult, error) { return c.Client.ListPromptsByPage(ctx, req) }, nil)
}
