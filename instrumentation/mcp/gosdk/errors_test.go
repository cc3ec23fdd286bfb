package otelmcp

import (
	"context"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentops-go/sdk/internal/mcpspan/mcpspantest"
	"github.com/agentops-go/sdk/semconv"
)

// TestFailedToolCallCountsOnce: a tools/call whose handler fails (the
// go-sdk makes the handler's error an isError result), client and server
// in one process. The recording, which OTLP backends receive as it is,
// keeps both spans with status Error, as the OTel MCP conventions ask; the
// failure is one error in Session.Stats, on the AgentOps dashboard (what
// the AgentOps exporter sent, read by the dashboard's rules) and in the
// session file the viewer reads, and the call is one tool call in each.
func TestFailedToolCallCountsOnce(t *testing.T) {
	r, dir := mcpspantest.NewSinkRecorder(t)
	ctx, sess, err := r.Client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "station", Arguments: weatherIn{City: "Oslo"}})
	if err != nil || !res.IsError {
		t.Fatalf("station: %v, %+v; want an error result", err, res)
	}
	mcpspantest.CheckFailedCallCountsOnce(ctx, t, r, sess, dir, "station", semconv.ErrorTypeToolError)
}
