package otelmcpgo

import (
	"context"
	"testing"

	"github.com/agentops-go/sdk/internal/mcpspan/mcpspantest"
)

// TestFailedToolCallCountsOnce: a tools/call whose handler fails (broken:
// its handler returns an error, a JSON-RPC error; station: an isError
// result), client and server in one process. The recording, which OTLP
// backends receive as it is, keeps both spans with status Error, as the
// OTel MCP conventions ask; the failure is one error in Session.Stats, on
// the AgentOps dashboard (what the AgentOps exporter sent, read by the
// dashboard's rules) and in the session file the viewer reads, and the
// call is one tool call in each.
func TestFailedToolCallCountsOnce(t *testing.T) {
	for _, tool := range []string{"broken", "station"} {
		t.Run(tool, func(t *testing.T) {
			r, dir := mcpspantest.NewSinkRecorder(t)
			ctx, sess, err := r.Client.StartSession(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			c := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
			res, err := callTool(ctx, c, tool, nil)
			if err == nil && (res == nil || !res.IsError) {
				t.Fatalf("%s: %+v, want an error", tool, res)
			}
			mcpspantest.CheckFailedCallCountsOnce(ctx, t, r, sess, dir, tool, "")
		})
	}
}
