package otelmcp

import (
	"context"
	"sync"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/mcpspan/mcpspantest"
)

// TestCallToolConcurrentSafe: tool calls from many goroutines over one
// connection each count once, and each server span is the child of its own
// client span.
func TestCallToolConcurrentSafe(t *testing.T) {
	r := mcpspantest.NewRecorder(t, true)
	ctx, sess, _ := r.Client.StartSession(context.Background())
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.Client)), WithClient(r.Client))
	const n = 16
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: weatherIn{City: "Paris"}}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	spans := r.Flush(t)
	clients := map[trace.SpanID]bool{}
	for _, s := range mcpspantest.Named(spans, "tools/call get_weather") {
		if s.SpanKind() == trace.SpanKindClient {
			clients[s.SpanContext().SpanID()] = true
		}
	}
	servers := 0
	for _, s := range mcpspantest.Named(spans, "tools/call get_weather") {
		if s.SpanKind() == trace.SpanKindServer {
			servers++
			if !clients[s.Parent().SpanID()] {
				t.Errorf("server span %v has no client span parent", s.SpanContext().SpanID())
			}
		}
	}
	if len(clients) != n || servers != n {
		t.Errorf("%d client and %d server spans, want %d each", len(clients), servers, n)
	}
	if st := sess.Stats(); st.ToolCalls != n {
		t.Errorf("stats %+v, want %d tool calls", st, n)
	}
}
