package otelmcp

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

type weatherIn struct {
	City string `json:"city"`
}

type weatherOut struct {
	Forecast string `json:"forecast"`
}

// newWeatherServer is a real go-sdk server with two tools (one fails with
// an error result), a prompt and a resource. handled receives the span
// context the get_weather handler runs in.
func newWeatherServer(handled *atomic.Value, opts ...Option) *mcp.Server {
	s := weatherTools(handled)
	s.AddReceivingMiddleware(ServerMiddleware(opts...))
	return s
}

// weatherTools is the server of newWeatherServer without the middleware.
func weatherTools(handled *atomic.Value) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1.0.0"}, nil)
	mcp.AddTool(s, &mcp.Tool{Name: "get_weather", Description: "the forecast of a city"},
		func(ctx context.Context, _ *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, weatherOut, error) {
			if handled != nil {
				handled.Store(trace.SpanContextFromContext(ctx))
			}
			return nil, weatherOut{Forecast: "sunny in " + in.City}, nil
		})
	mcp.AddTool(s, &mcp.Tool{Name: "station", Description: "a station that is offline"},
		func(context.Context, *mcp.CallToolRequest, weatherIn) (*mcp.CallToolResult, weatherOut, error) {
			return nil, weatherOut{}, errors.New("station offline")
		})
	s.AddPrompt(&mcp.Prompt{Name: "greet"}, func(context.Context, *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		return &mcp.GetPromptResult{Messages: []*mcp.PromptMessage{{Role: "user", Content: &mcp.TextContent{Text: "hello"}}}}, nil
	})
	s.AddResource(&mcp.Resource{URI: "file:///readme.md", Name: "readme"},
		func(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
			return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, Text: "read me"}}}, nil
		})
	return s
}

// connect connects a client with ClientMiddleware(opts) to server over
// in-memory transports; ctx is the context of the initialize request.
func connect(ctx context.Context, t testing.TB, server *mcp.Server, opts ...Option) *mcp.ClientSession {
	t.Helper()
	ct, st := mcp.NewInMemoryTransports()
	ss, err := server.Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1.0.0"}, nil)
	client.AddSendingMiddleware(ClientMiddleware(opts...))
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.Close()
		_ = ss.Wait()
	})
	return cs
}

func attributeKey(k string) attribute.Key { return attribute.Key(k) }
