package otelmcp_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"slices"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelmcp "github.com/agentops-go/sdk/instrumentation/mcp/gosdk"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

type weatherIn struct {
	City string `json:"city"`
}

type weatherOut struct {
	Forecast string `json:"forecast"`
}

// An agent calls a tool of an MCP server (here in the same process, over
// the in-memory transport; stdio and streamable HTTP work the same way):
// the call is one tool call of the session, and the server's handler span
// joins the session's trace under it.
func Example() {
	ctx := context.Background()
	spans := tracetest.NewInMemoryExporter() // stands in for AgentOps or an OTLP backend
	session, err := otelagentops.Init(ctx, otelagentops.WithExporter(spans), otelagentops.WithoutSessionSink(),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	defer otelagentops.Shutdown(ctx)

	server := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1.0.0"}, nil)
	server.AddReceivingMiddleware(otelmcp.ServerMiddleware())
	mcp.AddTool(server, &mcp.Tool{Name: "get_weather", Description: "the forecast of a city"},
		func(_ context.Context, _ *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, weatherOut, error) {
			return nil, weatherOut{Forecast: "sunny in " + in.City}, nil
		})

	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1.0.0"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware())

	clientTransport, serverTransport := mcp.NewInMemoryTransports()
	ss, err := server.Connect(ctx, serverTransport, nil)
	if err != nil {
		log.Fatal(err)
	}
	cs, err := client.Connect(ctx, clientTransport, nil)
	if err != nil {
		log.Fatal(err)
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: weatherIn{City: "Paris"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Content[0].(*mcp.TextContent).Text)
	_ = cs.Close()
	_ = ss.Wait()

	fmt.Println("tool calls:", session.Stats().ToolCalls)
	_ = otelagentops.EndSession(ctx, semconv.EndStateSuccess)
	_ = otelagentops.ForceFlush(ctx)
	var calls []string
	for _, s := range spans.GetSpans() {
		if s.Name == "tools/call get_weather" {
			calls = append(calls, s.SpanKind.String()+": "+s.Name)
		}
	}
	slices.Sort(calls)
	for _, c := range calls {
		fmt.Println(c)
	}
	// Output:
	// {"forecast":"sunny in Paris"}
	// tool calls: 1
	// client: tools/call get_weather
	// server: tools/call get_weather
}
