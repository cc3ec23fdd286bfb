package otelmcpgo

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// newWeatherServer is a real mcp-go server with a tool, a tool that fails
// with an error result, a tool whose handler fails, a prompt and a
// resource. handled receives the span context get_weather runs in.
func newWeatherServer(handled *atomic.Value, opts ...Option) *server.MCPServer {
	s := server.NewMCPServer("weather", "1.0.0", ServerOptions(opts...)...)
	s.AddTool(mcp.NewTool("get_weather", mcp.WithString("city")),
		func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			if handled != nil {
				handled.Store(trace.SpanContextFromContext(ctx))
			}
			return mcp.NewToolResultText("sunny in " + req.GetString("city", "")), nil
		})
	s.AddTool(mcp.NewTool("station", mcp.WithString("city")),
		func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultError("station offline"), nil
		})
	s.AddTool(mcp.NewTool("broken"),
		func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return nil, errors.New("broken handler")
		})
	s.AddPrompt(mcp.NewPrompt("greet"), func(context.Context, mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		return mcp.NewGetPromptResult("greeting", []mcp.PromptMessage{mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent("hello"))}), nil
	})
	s.AddResource(mcp.NewResource("file:///readme.md", "readme"),
		func(_ context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
			return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, Text: "read me"}}, nil
		})
	return s
}

// connect connects an in-process client, recorded with opts, to s and
// initializes it with ctx.
func connect(ctx context.Context, t testing.TB, s *server.MCPServer, opts ...Option) *Client {
	t.Helper()
	raw, err := client.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	if err := raw.Start(ctx); err != nil {
		t.Fatal(err)
	}
	c := NewClient(raw, opts...)
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "agent", Version: "1.0.0"}
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	return c
}

// callTool calls the tool name with args.
func callTool(ctx context.Context, c *Client, name string, args map[string]any) (*mcp.CallToolResult, error) {
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = name, args
	return c.CallTool(ctx, req)
}

func attributeKey(k string) attribute.Key { return attribute.Key(k) }
