package otelmcp

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/otelagentops"
)

// discard is an exporter that drops every span: the benchmark measures the
// recording, not an export.
type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

// BenchmarkCallTool: one tools/call, un-instrumented (plain) and with both
// middlewares recording into a session with content capture on
// (instrumented), over the in-memory transport and streamable HTTP on
// loopback, in the same run.
func BenchmarkCallTool(b *testing.B) {
	c, err := otelagentops.New(context.Background(), otelagentops.WithExporter(discard{}),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)), otelagentops.WithoutEnvData())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Shutdown(context.Background())
	ctx, s, err := c.StartSession(context.Background())
	if err != nil {
		b.Fatal(err)
	}
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
	_ = s.End(ctx, "Success")
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
