package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentops-go/sdk/instrumentation/mcp/gosdk"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

type weatherIn struct {
	City string `json:"city"`
}

type weatherOut struct {
	Forecast string `json:"forecast"`
}

// goSDK is the weather server on github.com/modelcontextprotocol/go-sdk.
func goSDK(c *otelagentops.Client, transport string, joinPerRequest bool) (http.Handler, func(context.Context) error) {
	s := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1.0.0"}, nil)
	mcp.AddTool(s, &mcp.Tool{Name: "get_weather", Description: "the forecast of a city"},
		func(_ context.Context, _ *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, weatherOut, error) {
			return nil, weatherOut{Forecast: "sunny in " + in.City}, nil
		})
	mcp.AddTool(s, &mcp.Tool{Name: "forecast", Description: "a forecast a model writes"},
		func(ctx context.Context, _ *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, weatherOut, error) {
			forecastModel(ctx, c)
			return nil, weatherOut{Forecast: "rain in " + in.City}, nil
		})
	mcp.AddTool(s, &mcp.Tool{Name: "station", Description: "a station that is offline"},
		func(context.Context, *mcp.CallToolRequest, weatherIn) (*mcp.CallToolResult, weatherOut, error) {
			return nil, weatherOut{}, errors.New("station offline")
		})
	opts := []otelmcp.Option{otelmcp.WithClient(c)}
	if transport == "stdio" {
		opts = append(opts, otelmcp.WithNetworkTransport(semconv.NetworkTransportPipe))
	}
	if joinPerRequest {
		opts = append(opts, otelmcp.WithSessionJoin())
	}
	s.AddReceivingMiddleware(otelmcp.ServerMiddleware(opts...))
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s }, nil)
	return h, func(ctx context.Context) error { return s.Run(ctx, &mcp.StdioTransport{}) }
}
