package mcp_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// TestMCPTwoProcessesOneTrace: an agent process calls the tools of an MCP
// server in a child process, for both SDKs and both transports the issue
// names (stdio: the server started by the client's command transport;
// streamable HTTP: the server listening on loopback). The child joins the
// agent's session (Session.Environ). Jaeger holds one trace: the session
// root, a CLIENT tools/call span per call under it, and under each the
// child's SERVER span; the failed call's two spans both have status Error
// there. Each call counts once, and the failed one is one error: in the
// agent's stats, in the child's (none: the failure is its caller's), and
// on the AgentOps dashboard over both processes' spans (the AgentOps
// stand-in both export to, read by exportertest.ReadDashboard).
func TestMCPTwoProcessesOneTrace(t *testing.T) {
	eachCaller(t, testTwoProcesses)
}

func testTwoProcesses(t *testing.T, j *backend.Jaeger, bin, sdk, transport string, open opener) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	a := startAgent(ctx, t, j, "mcp-agent")
	agent, sctx, s, ao := a.client, a.ctx, a.session, a.ao
	env := append(s.Environ(), a.env...)
	c := open(sctx, t, agent, transport, child{bin: bin, otlpURL: j.OTLPTracesURL(), env: env})
	if isErr, err := c.callTool(sctx, "get_weather", "Paris"); err != nil || isErr {
		t.Errorf("get_weather: error result %v, %v", isErr, err)
	}
	if isErr, err := c.callTool(sctx, "station", "Oslo"); err != nil || !isErr {
		t.Errorf("station: error result %v, %v; want an error result", isErr, err)
	}
	c.close(t) // the server flushes its spans and exits
	st := s.Stats()
	if err := s.End(sctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := agent.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if st.ToolCalls != 2 || st.LLMCalls != 0 || st.Errors != 1 {
		t.Errorf("Session.Stats() %+v, want 2 tool calls, no LLM call, 1 error (the station's result)", st)
	}

	tr, err := j.WaitTrace(ctx, s.ID().TraceID().String(), 5)
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, tr, "mcp-agent.session", transport)
	checkJoinedStats(ctx, t, j, s.ID().TraceID().String())

	// Both processes have exported all (the child exited, the agent shut
	// down) to the AgentOps stand-in, which has answered each request.
	d := exportertest.ReadDashboard(exportertest.ByTrace(ao.Accepted())[s.ID().TraceID().String()])
	if d.Errors != 1 || d.ToolCalls != 2 || d.LLMCalls != 0 {
		t.Errorf("AgentOps dashboard over both processes: %d errors, %d tool calls, %d LLM calls; want 1, 2, 0",
			d.Errors, d.ToolCalls, d.LLMCalls)
	}
}

// agentProcess is the test's agent: a client exporting to Jaeger and to an
// AgentOps stand-in, and a session started in it.
type agentProcess struct {
	client  *otelagentops.Client
	ctx     context.Context
	session *otelagentops.Session
	ao      *exportertest.Server
	env     []string // what a child needs to export to the same stand-in
}

// startAgent starts the agent's client and its session named name.
func startAgent(ctx context.Context, t *testing.T, j *backend.Jaeger, name string) agentProcess {
	t.Helper()
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(j.OTLPTracesURL()))
	if err != nil {
		t.Fatal(err)
	}
	ao := exportertest.NewServer(t, 0)
	agent, err := otelagentops.New(ctx, otelagentops.WithExporter(exp), otelagentops.WithServiceName("agent"),
		otelagentops.WithAPIKey(exportertest.APIKey), otelagentops.WithAPIEndpoint(ao.URL), otelagentops.WithExporterEndpoint(ao.URL),
		otelagentops.WithoutSessionSink(), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	sctx, s, err := agent.StartSession(ctx, otelagentops.WithSessionName(name))
	if err != nil {
		t.Fatal(err)
	}
	env := []string{envconfig.EnvAPIKey + "=" + exportertest.APIKey, envconfig.EnvAPIEndpoint + "=" + ao.URL,
		envconfig.EnvExporterEndpoint + "=" + ao.URL}
	return agentProcess{client: agent, ctx: sctx, session: s, ao: ao, env: env}
}

// checkJoinedStats checks the stats the child wrote at the end of its
// joined session (on its weather-mcp.process span): no tool call and no
// error, its handler spans being the agent's calls. It waits for the span,
// which Jaeger may store after the others.
func checkJoinedStats(ctx context.Context, t *testing.T, j *backend.Jaeger, traceID string) {
	t.Helper()
	for {
		tr, err := j.Trace(ctx, traceID)
		if err != nil {
			t.Fatal(err)
		}
		if sp, ok := tr.Span("weather-mcp.process"); ok {
			if sp.Attributes["agentops.session.errors"] != int64(0) || sp.Attributes["agentops.session.tool_calls"] != int64(0) ||
				sp.Attributes["agentops.session.inherited"] != true {
				t.Errorf("the child's joined session: %v; want no error, no tool call", sp.Attributes)
			}
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no weather-mcp.process span in the trace: %v", names(tr.Spans))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// checkTree checks the trace: one root, every parent present, each tool
// call a CLIENT span of the agent under the root with the server's SERVER
// span under it, and exactly one tool per call by the AgentOps rule.
func checkTree(t *testing.T, tr backend.Trace, rootName, transport string) {
	t.Helper()
	roots := tr.Roots()
	if len(roots) != 1 || roots[0].Name != rootName {
		t.Fatalf("roots %v, want one %s", names(roots), rootName)
	}
	ids := map[string]bool{}
	for _, sp := range tr.Spans {
		ids[sp.SpanID] = true
	}
	tools, fromServer := 0, 0
	for _, sp := range tr.Spans {
		if sp.ParentSpanID != "" && !ids[sp.ParentSpanID] {
			t.Errorf("span %q: parent %s not in the trace", sp.Name, sp.ParentSpanID)
		}
		if sp.Attributes[string(semconv.AgentOpsSpanKindKey)] == string(semconv.SpanKindTool) {
			tools++
		}
		if sp.ResourceAttributes["service.name"] == "weather-mcp" {
			fromServer++
			if sp.Attributes[string(semconv.AgentOpsSpanKindKey)] != string(semconv.SpanKindTask) {
				t.Errorf("server span %q is agentops.span.kind %v, want task", sp.Name, sp.Attributes[string(semconv.AgentOpsSpanKindKey)])
			}
		}
	}
	if tools != 2 {
		t.Errorf("%d tool spans in the trace, want 2: one per call across both processes", tools)
	}
	if fromServer < 2 {
		t.Errorf("%d spans of the server process in the trace, want its 2 tool handlers at least", fromServer)
	}
	for _, tool := range []string{"get_weather", "station"} {
		client := only(t, tr, "tools/call "+tool, trace.SpanKindClient)
		server := only(t, tr, "tools/call "+tool, trace.SpanKindServer)
		if client.ParentSpanID != roots[0].SpanID || client.ResourceAttributes["service.name"] != "agent" {
			t.Errorf("client %s: parent %s, service %v; want the root, agent", tool, client.ParentSpanID, client.ResourceAttributes["service.name"])
		}
		if server.ParentSpanID != client.SpanID || server.ResourceAttributes["service.name"] != "weather-mcp" {
			t.Errorf("server %s: parent %s, service %v; want the client span %s, weather-mcp", tool, server.ParentSpanID,
				server.ResourceAttributes["service.name"], client.SpanID)
		}
		for _, sp := range []backend.Span{client, server} {
			if sp.Attributes["mcp.method.name"] != "tools/call" || sp.Attributes["gen_ai.tool.name"] != tool ||
				sp.Attributes["network.transport"] != netTransport(transport) {
				t.Errorf("%s %s: %v", sp.Kind, sp.Name, sp.Attributes)
			}
		}
		if tool != "station" {
			continue
		}
		// The OTLP recording as it is: both ends report the failure.
		for _, sp := range []backend.Span{client, server} {
			if sp.Status.Code != codes.Error || sp.Attributes["error.type"] != semconv.ErrorTypeToolError {
				t.Errorf("station %s span: status %v, error.type %v", sp.Kind, sp.Status, sp.Attributes["error.type"])
			}
		}
	}
}

// only returns the one span named name of kind.
func only(t *testing.T, tr backend.Trace, name string, kind trace.SpanKind) backend.Span {
	t.Helper()
	var found []backend.Span
	for _, sp := range tr.Spans {
		if sp.Name == name && sp.Kind == kind {
			found = append(found, sp)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d %s spans %q in the trace %v, want 1", len(found), kind, name, names(tr.Spans))
	}
	return found[0]
}

func names(spans []backend.Span) []string {
	var out []string
	for _, sp := range spans {
		out = append(out, sp.Name+"/"+sp.Kind.String())
	}
	return out
}

// buildServer builds internal/weatherserver into a temporary directory.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "weatherserver")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "./internal/weatherserver")
	cmd.Env = os.Environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the server program: %v\n%s", err, out)
	}
	return bin
}
