package otelmcp

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
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
