package otelmcpgo

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/otelagentops"
)

// recorder is an AgentOps client whose spans land in memory and at an
// AgentOps stand-in, so that a test reads both the recording and the
// AgentOps dashboard's view of it; opts add to its options (another
// exporter, say).
type recorder struct {
	client   *otelagentops.Client
	mem      *tracetest.InMemoryExporter
	agentops *exportertest.Server
}

func newRecorder(t testing.TB, capture bool, opts ...otelagentops.Option) *recorder {
	t.Helper()
	srv := exportertest.NewServer(t, 0)
	mem := tracetest.NewInMemoryExporter()
	c, err := otelagentops.New(context.Background(), append([]otelagentops.Option{
		otelagentops.WithAPIKey(exportertest.APIKey), otelagentops.WithAPIEndpoint(srv.URL),
		otelagentops.WithExporterEndpoint(srv.URL), otelagentops.WithExporter(mem),
		otelagentops.WithContentCapture(capture), otelagentops.WithoutEnvData(),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) })
	return &recorder{client: c, mem: mem, agentops: srv}
}

// flush exports everything ended so far.
func (r *recorder) flush(t testing.TB) []sdktrace.ReadOnlySpan {
	t.Helper()
	if err := r.client.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r.mem.GetSpans().Snapshots()
}

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

// named returns the spans named name.
func named(spans []sdktrace.ReadOnlySpan, name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

// one returns the span named name of the given kind, failing when there is
// not exactly one.
func one(t testing.TB, spans []sdktrace.ReadOnlySpan, name string, kind trace.SpanKind) sdktrace.ReadOnlySpan {
	t.Helper()
	var found []sdktrace.ReadOnlySpan
	for _, s := range named(spans, name) {
		if s.SpanKind() == kind {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		var names []string
		for _, s := range spans {
			names = append(names, s.Name()+"/"+s.SpanKind().String())
		}
		t.Fatalf("want one %s span %q, got %d of %v", kind, name, len(found), names)
	}
	return found[0]
}

// attrs returns the span's attributes as a map of their emitted values.
func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]string {
	m := map[attribute.Key]string{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value.String()
	}
	return m
}

func attributeKey(k string) attribute.Key { return attribute.Key(k) }
