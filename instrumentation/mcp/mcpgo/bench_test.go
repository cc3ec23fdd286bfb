package otelmcpgo

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/agentops-go/sdk/internal/benchpair"
	"github.com/agentops-go/sdk/otelagentops"
)

// BenchmarkCallTool: one tools/call, un-instrumented (plain) and with the
// client wrapper and server options recording into a session with content
// capture on (instrumented), in process and over streamable HTTP on
// loopback, in the same run.
func BenchmarkCallTool(b *testing.B) {
	ctx, c := benchpair.Session(b)
	for _, transport := range []string{"inprocess", "http"} {
		for _, instrumented := range []bool{false, true} {
			name := transport + "/plain"
			if instrumented {
				name = transport + "/instrumented"
			}
			b.Run(name, func(b *testing.B) {
				call := benchClient(ctx, b, c, transport, instrumented)
				req := mcp.CallToolRequest{}
				req.Params.Name, req.Params.Arguments = "get_weather", map[string]any{"city": "Paris"}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := call(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkCallToolPaired: the calls of BenchmarkCallTool in turns,
// reporting median times and their ratios to the plain call (robust to the
// load of a shared machine; see internal/benchpair). Beside the plain and
// the fully instrumented call, it splits the cost: "meta" is the plain
// client sending a trace context in params._meta, nothing recorded (what
// the propagation the conventions ask for costs mcp-go itself: its client
// re-encodes a request's _meta), "server" the plain client calling the
// instrumented server.
func BenchmarkCallToolPaired(b *testing.B) {
	ctx, c := benchpair.Session(b)
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = "get_weather", map[string]any{"city": "Paris"}
	withMeta := req
	withMeta.Params.Meta = &mcp.Meta{AdditionalFields: map[string]any{"traceparent": "00-ae49ffa743b04208a81bf99fea49786b-d627372dfead755f-01"}}
	call := func(f func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error), req mcp.CallToolRequest) func() error {
		return func() error { _, err := f(ctx, req); return err }
	}
	for _, transport := range []string{"inprocess", "http"} {
		b.Run(transport, func(b *testing.B) {
			plain, meta := benchClient(ctx, b, c, transport, false), benchClient(ctx, b, c, transport, false)
			server := benchRawClient(ctx, b, newWeatherServer(nil, WithClient(c)), transport).CallTool
			instrumented := benchClient(ctx, b, c, transport, true)
			benchpair.Run(b, benchpair.Variant{Name: "plain", Call: call(plain, req)},
				benchpair.Variant{Name: "meta", Call: call(meta, withMeta)},
				benchpair.Variant{Name: "server", Call: call(server, req)},
				benchpair.Variant{Name: "instrumented", Call: call(instrumented, req)})
		})
	}
}

// benchClient returns the CallTool of a client connected to the weather
// server over transport, with or without the instrumentation.
func benchClient(ctx context.Context, b *testing.B, c *otelagentops.Client, transport string, instrumented bool) func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	b.Helper()
	var s *server.MCPServer
	if instrumented {
		s = newWeatherServer(nil, WithClient(c))
	} else {
		s = server.NewMCPServer("weather", "1.0.0")
		s.AddTool(mcp.NewTool("get_weather", mcp.WithString("city")),
			func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				return mcp.NewToolResultText("sunny in " + req.GetString("city", "")), nil
			})
	}
	raw := benchRawClient(ctx, b, s, transport)
	if instrumented {
		return NewClient(raw, WithClient(c)).CallTool
	}
	return raw.CallTool
}

// benchRawClient returns an initialized mcp-go client of s over transport.
func benchRawClient(ctx context.Context, b *testing.B, s *server.MCPServer, transport string) *client.Client {
	b.Helper()
	var raw *client.Client
	var err error
	if transport == "http" {
		srv := httptest.NewServer(server.NewStreamableHTTPServer(s))
		b.Cleanup(srv.Close)
		raw, err = client.NewStreamableHttpClient(srv.URL)
	} else {
		raw, err = client.NewInProcessClient(s)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = raw.Close() })
	if err := raw.Start(ctx); err != nil {
		b.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "agent", Version: "1.0.0"}
	if _, err := raw.Initialize(ctx, init); err != nil {
		b.Fatal(err)
	}
	return raw
}
