package otelmcp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentops-go/sdk/internal/benchpair"
	"github.com/agentops-go/sdk/otelagentops"
)

// BenchmarkCallTool: one tools/call, un-instrumented (plain) and with both
// middlewares recording into a session with content capture on
// (instrumented), over the in-memory transport and streamable HTTP on
// loopback, in the same run.
func BenchmarkCallTool(b *testing.B) {
	ctx, c := benchpair.Session(b)
	for _, transport := range []string{"memory", "http"} {
		for _, instrumented := range []bool{false, true} {
			name := transport + "/plain"
			if instrumented {
				name = transport + "/instrumented"
			}
			b.Run(name, func(b *testing.B) {
				cs := benchSession(ctx, b, c, transport, instrumented)
				params := &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := cs.CallTool(ctx, params); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkCallToolPaired: the calls of BenchmarkCallTool in turns,
// reporting median times and their ratio to the plain call (robust to the
// load of a shared machine; see internal/benchpair). "meta" is the plain
// client sending a trace context in params._meta, nothing recorded: what
// the propagation the conventions ask for costs the SDK itself.
func BenchmarkCallToolPaired(b *testing.B) {
	ctx, c := benchpair.Session(b)
	call := func(cs *mcp.ClientSession, traceparent string) func() error {
		return func() error {
			params := &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}
			if traceparent != "" { // a new Meta each call: the SDK writes into it
				params.Meta = mcp.Meta{"traceparent": traceparent}
			}
			_, err := cs.CallTool(ctx, params)
			return err
		}
	}
	const traceparent = "00-ae49ffa743b04208a81bf99fea49786b-d627372dfead755f-01"
	for _, transport := range []string{"memory", "http"} {
		b.Run(transport, func(b *testing.B) {
			plain, meta := benchSession(ctx, b, c, transport, false), benchSession(ctx, b, c, transport, false)
			instrumented := benchSession(ctx, b, c, transport, true)
			benchpair.Run(b, benchpair.Variant{Name: "plain", Call: call(plain, "")},
				benchpair.Variant{Name: "meta", Call: call(meta, traceparent)},
				benchpair.Variant{Name: "instrumented", Call: call(instrumented, "")})
		})
	}
}

// benchSession connects a client to the weather server over transport,
// with or without the middlewares.
func benchSession(ctx context.Context, b *testing.B, c *otelagentops.Client, transport string, instrumented bool) *mcp.ClientSession {
	b.Helper()
	server := weatherTools(nil) // the same server either way
	if instrumented {
		server.AddReceivingMiddleware(ServerMiddleware(WithClient(c)))
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1.0.0"}, nil)
	if instrumented {
		client.AddSendingMiddleware(ClientMiddleware(WithClient(c)))
	}
	var ct mcp.Transport
	switch transport {
	case "memory":
		var st mcp.Transport
		ct, st = mcp.NewInMemoryTransports()
		ss, err := server.Connect(context.Background(), st, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = ss.Wait() })
	case "http":
		srv := httptest.NewServer(mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil))
		b.Cleanup(srv.Close)
		ct = &mcp.StreamableClientTransport{Endpoint: srv.URL, DisableStandaloneSSE: true}
	}
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cs.Close() })
	return cs
}
