package mcp_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// TestMCPServerJoinsPerRequest: a tool server that knows nothing of the
// agent's session (no Session.Environ) and joins its caller's session per
// request (WithSessionJoin). Its forecast tool's handler records an LLM
// call, which lands in the agent's session: in Jaeger under the server
// span, stamped with the session's ID; in the child's joined session's
// figures (its process spans); on the AgentOps dashboard over
// both processes, with each tool call once.
func TestMCPServerJoinsPerRequest(t *testing.T) {
	eachCaller(t, testJoinPerRequest)
}

func testJoinPerRequest(t *testing.T, j *backend.Jaeger, bin, sdk, transport string, open opener) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	a := startAgent(ctx, t, j, "forecast-agent")
	agent, sctx, s, ao, env := a.client, a.ctx, a.session, a.ao, a.env
	c := open(sctx, t, agent, transport, child{bin: bin, otlpURL: j.OTLPTracesURL(), env: env, join: "request"})
	for _, city := range []string{"Paris", "Oslo"} {
		if isErr, err := c.callTool(sctx, "forecast", city); err != nil || isErr {
			t.Fatalf("forecast %s: error result %v, %v", city, isErr, err)
		}
	}
	c.close(t) // the server flushes its spans and exits
	st := s.Stats()
	if err := s.End(sctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := agent.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if st.ToolCalls != 2 || st.LLMCalls != 0 {
		t.Errorf("the agent's Session.Stats() %+v, want its 2 tool calls and none of the server's LLM calls", st)
	}

	traceID := s.ID().TraceID().String()
	tr, err := j.WaitTrace(ctx, traceID, 7) // root, 2 × (client, server, LLM)
	if err != nil {
		t.Fatal(err)
	}
	servers := map[string]bool{}
	for _, sp := range tr.Spans {
		if sp.Name == "tools/call forecast" && sp.Kind == trace.SpanKindServer {
			servers[sp.SpanID] = true
		}
	}
	llms := 0
	for _, sp := range tr.Spans {
		if sp.Name != "chat gpt-4o-mini" {
			continue
		}
		llms++
		if !servers[sp.ParentSpanID] || sp.ResourceAttributes["service.name"] != "weather-mcp" {
			t.Errorf("LLM span under %s (service %v), want under a forecast server span of weather-mcp", sp.ParentSpanID, sp.ResourceAttributes["service.name"])
		}
		if sp.Attributes[string(semconv.AgentOpsSessionIDKey)] != s.ID().String() || sp.Attributes[string(semconv.AgentOpsSessionInheritedKey)] != true {
			t.Errorf("LLM span not stamped as the session's, inherited: %v", sp.Attributes)
		}
	}
	if len(servers) != 2 || llms != 2 {
		t.Errorf("%d forecast server spans and %d LLM spans in the trace, want 2 and 2: %v", len(servers), llms, names(tr.Spans))
	}
	if n := joinedLLMCalls(ctx, t, j, traceID); n != 2 {
		t.Errorf("the child's joined sessions count %d LLM calls, want 2", n)
	}
	d := exportertest.ReadDashboard(exportertest.ByTrace(ao.Accepted())[traceID])
	if d.LLMCalls != 2 || d.ToolCalls != 2 || d.Errors != 0 {
		t.Errorf("AgentOps dashboard over both processes: %d LLM calls, %d tool calls, %d errors; want 2, 2, 0", d.LLMCalls, d.ToolCalls, d.Errors)
	}
}

// joinedLLMCalls sums the LLM calls the child's joined sessions wrote on
// their process spans (named after the program: weatherserver.process),
// once they are all in Jaeger (the last
// ends as the child exits: Jaeger may store it after the others).
func joinedLLMCalls(ctx context.Context, t *testing.T, j *backend.Jaeger, traceID string) int64 {
	t.Helper()
	for {
		tr, err := j.Trace(ctx, traceID)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, sp := range tr.Spans {
			if sp.Name == "weatherserver.process" && sp.ResourceAttributes["service.name"] == "weather-mcp" {
				n, _ := sp.Attributes[string(semconv.AgentOpsSessionLLMCallsKey)].(int64)
				sum += n
			}
		}
		if sum >= 2 {
			return sum
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the child's process spans count %d LLM calls: %v", sum, names(tr.Spans))
		case <-time.After(100 * time.Millisecond):
		}
	}
}
