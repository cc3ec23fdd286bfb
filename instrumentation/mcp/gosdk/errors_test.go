package otelmcp

import (
	"context"
	"log/slog"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// TestFailedToolCallCountsOnce: a tools/call whose handler fails (the
// go-sdk makes the handler's error an isError result), client and server
// in one process. The recording, which OTLP backends receive as it is,
// keeps both spans with status Error, as the OTel MCP conventions ask; the
// failure is one error in Session.Stats, on the AgentOps dashboard (what
// the AgentOps exporter sent, read by the dashboard's rules) and in the
// session file the viewer reads, and the call is one tool call in each.
func TestFailedToolCallCountsOnce(t *testing.T) {
	sink, err := sessiondoc.NewSink(sessiondoc.WithDir(t.TempDir()), sessiondoc.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	r := newRecorder(t, true, otelagentops.WithExporter(sink))
	ctx, sess, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cs := connect(ctx, t, newWeatherServer(nil, WithClient(r.client)), WithClient(r.client))
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "station", Arguments: weatherIn{City: "Oslo"}})
	if err != nil || !res.IsError {
		t.Fatalf("station: %v, %+v; want an error result", err, res)
	}
	spans := r.flush(t)
	client := one(t, spans, "tools/call station", trace.SpanKindClient)
	server := one(t, spans, "tools/call station", trace.SpanKindServer)
	for _, s := range []sdktrace.ReadOnlySpan{client, server} {
		if s.Status().Code != codes.Error || attrs(s)["error.type"] != "tool_error" {
			t.Errorf("recorded %s span: status %v, error.type %q; want Error, tool_error", s.SpanKind(), s.Status(), attrs(s)["error.type"])
		}
	}
	if !server.Parent().IsRemote() || server.Parent().SpanID() != client.SpanContext().SpanID() {
		t.Errorf("server span parent %v, want the client span (remote)", server.Parent())
	}
	if st := sess.Stats(); st.Errors != 1 || st.ToolCalls != 1 || st.LLMCalls != 0 {
		t.Errorf("Session.Stats() %+v, want 1 error, 1 tool call", st)
	}
	if err := sess.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	r.flush(t)

	d := exportertest.ReadDashboard(exportertest.ByTrace(r.agentops.Accepted())[sess.ID().TraceID().String()])
	if d.Errors != 1 || d.ToolCalls != 1 || d.LLMCalls != 0 {
		t.Errorf("AgentOps dashboard: %d errors, %d tool calls, %d LLM calls; want 1, 1, 0", d.Errors, d.ToolCalls, d.LLMCalls)
	}
	doc, _, err := sessionindex.Read(sink.Dir(), sess.ID().String())
	if err != nil {
		t.Fatal(err)
	}
	if row := sessionindex.Summarize(doc); row.Errors != 1 || row.ToolCalls != 1 {
		t.Errorf("session file: %d errors, %d tool calls; want 1 and 1", row.Errors, row.ToolCalls)
	}
}
