package main

import (
	"context"
	"net/http"
	"os"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/agentops-go/sdk/instrumentation/mcp/mcpgo"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// mcpGo is the weather server on github.com/mark3labs/mcp-go.
func mcpGo(c *otelagentops.Client, transport string, joinPerRequest bool) (http.Handler, func(context.Context) error) {
	opts := []otelmcpgo.Option{otelmcpgo.WithClient(c)}
	if transport == "stdio" {
		opts = append(opts, otelmcpgo.WithNetworkTransport(semconv.NetworkTransportPipe))
	} else {
		opts = append(opts, otelmcpgo.WithNetworkTransport(semconv.NetworkTransportTCP))
	}
	if joinPerRequest {
		opts = append(opts, otelmcpgo.WithSessionJoin())
	}
	s := server.NewMCPServer("weather", "1.0.0", otelmcpgo.ServerOptions(opts...)...)
	s.AddTool(mcp.NewTool("get_weather", mcp.WithString("city")),
		func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText("sunny in " + req.GetString("city", "")), nil
		})
	s.AddTool(mcp.NewTool("forecast", mcp.WithString("city")),
		func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			forecastModel(ctx, c)
			return mcp.NewToolResultText("rain in " + req.GetString("city", "")), nil
		})
	s.AddTool(mcp.NewTool("station", mcp.WithString("city")),
		func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultError("station offline"), nil
		})
	return server.NewStreamableHTTPServer(s), func(ctx context.Context) error {
		return server.NewStdioServer(s).Listen(ctx, os.Stdin, os.Stdout)
	}
}
