package otelmcpgo_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"slices"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelmcpgo "github.com/agentops-go/sdk/instrumentation/mcp/mcpgo"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// An agent calls a tool of an MCP server (here in the same process; stdio
// and streamable HTTP work the same way): the call is one tool call of the
// session, and the server's handler span joins the session's trace under
// it.
func Example() {
	ctx := context.Background()
	spans := tracetest.NewInMemoryExporter() // stands in for AgentOps or an OTLP backend
	session, err := otelagentops.Init(ctx, otelagentops.WithExporter(spans), otelagentops.WithoutSessionSink(),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	defer otelagentops.Shutdown(ctx)

	s := server.NewMCPServer("weather", "1.0.0", otelmcpgo.ServerOptions()...)
	s.AddTool(mcp.NewTool("get_weather", mcp.WithString("city")),
		func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText("sunny in " + req.GetString("city", "")), nil
		})

	raw, err := client.NewInProcessClient(s)
	if err != nil {
		log.Fatal(err)
	}
	defer raw.Close()
	if err := raw.Start(ctx); err != nil {
		log.Fatal(err)
	}
	c := otelmcpgo.NewClient(raw)
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "agent", Version: "1.0.0"}
	if _, err := c.Initialize(ctx, init); err != nil {
		log.Fatal(err)
	}
	call := mcp.CallToolRequest{}
	call.Params.Name, call.Params.Arguments = "get_weather", map[string]any{"city": "Paris"}
	res, err := c.CallTool(ctx, call)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Content[0].(mcp.TextContent).Text)

	fmt.Println("tool calls:", session.Stats().ToolCalls)
	_ = otelagentops.EndSession(ctx, semconv.EndStateSuccess)
	_ = otelagentops.ForceFlush(ctx)
	var calls []string
	for _, sp := range spans.GetSpans() {
		if sp.Name == "tools/call get_weather" {
			calls = append(calls, sp.SpanKind.String()+": "+sp.Name)
		}
	}
	slices.Sort(calls)
	for _, c := range calls {
		fmt.Println(c)
	}
	// Output:
	// sunny in Paris
	// tool calls: 1
	// client: tools/call get_weather
	// server: tools/call get_weather
}
