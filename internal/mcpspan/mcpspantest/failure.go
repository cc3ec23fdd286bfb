package mcpspantest

import (
	"context"
	"log/slog"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// CheckToolCallsCounted checks that session s of r counts toolCalls tool
// calls and no LLM call, ends it, and checks that the AgentOps dashboard
// over what r's AgentOps exporter sent counts the same.
func CheckToolCallsCounted(ctx context.Context, t *testing.T, r *Recorder, s *otelagentops.Session, toolCalls int) {
	t.Helper()
	if st := s.Stats(); st.ToolCalls != toolCalls || st.LLMCalls != 0 {
		t.Errorf("stats %+v, want %d tool calls and no LLM call", st, toolCalls)
	}
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	r.Flush(t)
	d := exportertest.ReadDashboard(r.AgentOps.Accepted())
	if d.ToolCalls != toolCalls || d.LLMCalls != 0 {
		t.Errorf("AgentOps dashboard: %d tool calls, %d LLM calls; want %d and 0", d.ToolCalls, d.LLMCalls, toolCalls)
	}
}

// NewSinkRecorder returns a Recorder (capturing content) that also writes
// session files into a new temporary folder, and the folder.
func NewSinkRecorder(t *testing.T) (*Recorder, string) {
	t.Helper()
	dir := t.TempDir()
	sink, err := sessiondoc.NewSink(sessiondoc.WithDir(dir), sessiondoc.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	return NewRecorder(t, true, otelagentops.WithExporter(sink)), dir
}

// CheckFailedCallCountsOnce checks one failed tools/call of tool, client
// and server in one process, recorded by r into session s of ctx, with a
// sessiondoc.Sink writing into sinkDir among r's exporters (NewSinkRecorder). The recording
// keeps both spans with status Error and an error.type (errorType, or any
// when it is ""), the server's parent the client span through _meta; the
// failure is one error and the call one tool call in Session.Stats, on the
// AgentOps dashboard (what the AgentOps exporter sent, read by the
// dashboard's rules) and in the session file the viewer reads. It ends s.
func CheckFailedCallCountsOnce(ctx context.Context, t *testing.T, r *Recorder, s *otelagentops.Session, sinkDir, tool, errorType string) {
	t.Helper()
	spans := r.Flush(t)
	client := One(t, spans, "tools/call "+tool, trace.SpanKindClient)
	server := One(t, spans, "tools/call "+tool, trace.SpanKindServer)
	for _, sp := range []sdktrace.ReadOnlySpan{client, server} {
		got := Attrs(sp)["error.type"]
		if sp.Status().Code != codes.Error || got == "" || (errorType != "" && got != errorType) {
			t.Errorf("recorded %s span: status %v, error.type %q; want Error, %q", sp.SpanKind(), sp.Status(), got, errorType)
		}
	}
	if !server.Parent().IsRemote() || server.Parent().SpanID() != client.SpanContext().SpanID() {
		t.Errorf("server span parent %v, want the client span (remote)", server.Parent())
	}
	if st := s.Stats(); st.Errors != 1 || st.ToolCalls != 1 || st.LLMCalls != 0 {
		t.Errorf("Session.Stats() %+v, want 1 error, 1 tool call", st)
	}
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	r.Flush(t)
	d := exportertest.ReadDashboard(exportertest.ByTrace(r.AgentOps.Accepted())[s.ID().TraceID().String()])
	if d.Errors != 1 || d.ToolCalls != 1 || d.LLMCalls != 0 {
		t.Errorf("AgentOps dashboard: %d errors, %d tool calls, %d LLM calls; want 1, 1, 0", d.Errors, d.ToolCalls, d.LLMCalls)
	}
	doc, _, err := sessionindex.Read(sinkDir, s.ID().String())
	if err != nil {
		t.Fatal(err)
	}
	if row := sessionindex.Summarize(doc); row.Errors != 1 || row.ToolCalls != 1 {
		t.Errorf("session file: %d errors, %d tool calls; want 1 and 1", row.Errors, row.ToolCalls)
	}
}
