package e2e_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// TestSessionExportToJaeger runs a session through the SDK's OTLP export
// straight into Jaeger and reads it back through Jaeger's query API.
func TestSessionExportToJaeger(t *testing.T) {
	jaeger := backend.StartJaeger(t)
	run := runExportSession(t, jaeger.OTLPHTTPEndpoint())
	checkSessionTrace(t, waitSession(t, jaeger, run), run)
}

// TestSessionExportThroughCollector runs the same session through an
// OpenTelemetry Collector (OTLP/HTTP in, batch, OTLP/gRPC out) into Jaeger.
func TestSessionExportThroughCollector(t *testing.T) {
	jaeger := backend.StartJaeger(t)
	collector := backend.StartCollector(t, jaeger)
	run := runExportSession(t, collector.OTLPHTTPEndpoint())
	checkSessionTrace(t, waitSession(t, jaeger, run), run)
}

// exportRun is what runExportSession recorded.
type exportRun struct {
	session otelagentops.SessionID
	llm     trace.SpanContext
}

// runExportSession records a session (an LLM call, a tool call, an error)
// with a client whose only exporter is the OTLP endpoint (a base URL), ends
// it Success and shuts the client down, which flushes.
func runExportSession(t *testing.T, endpoint string) exportRun {
	t.Helper()
	for _, name := range []string{"AGENTOPS_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_RESOURCE_ATTRIBUTES"} {
		t.Setenv(name, "")
	}
	ctx := t.Context()
	c, err := otelagentops.New(ctx, otelagentops.WithOTLPEndpoint(endpoint), otelagentops.WithServiceName("agentops-e2e-export"),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	sctx, s, err := c.StartSession(ctx, otelagentops.WithSessionName("research"), otelagentops.WithTags("e2e", "jaeger"))
	if err != nil {
		t.Fatal(err)
	}
	_, call, err := c.StartLLM(sctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o",
		Messages: []otelagentops.Message{{Role: "user", Content: "Which SDK records agents as traces?"}}})
	if err != nil {
		t.Fatal(err)
	}
	call.End(otelagentops.LLMResponse{Model: "gpt-4o-2024-08-06", FinishReasons: []string{"stop"},
		Usage: otelagentops.Usage{InputTokens: 12, OutputTokens: 5}}, nil)
	if err := c.RecordTool(sctx, otelagentops.Tool{Name: "web_search", Input: map[string]string{"q": "otel"}, Output: "3 results"}); err != nil {
		t.Fatal(err)
	}
	if err := c.RecordError(sctx, errors.New("rate limited"), otelagentops.WithTrigger(call.Span().SpanContext())); err != nil {
		t.Fatal(err)
	}
	if err := s.End(sctx, semconv.EndStateSuccess, otelagentops.WithReason("answered")); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.WithoutCancel(ctx)); err != nil {
		t.Fatal(err)
	}
	if st := c.ExportStats(); st.Exported != 4 || st.Failed+st.Dropped != 0 {
		t.Fatalf("export stats %+v, want 4 exported", st)
	}
	return exportRun{session: s.ID(), llm: call.Span().SpanContext()}
}

func waitSession(t *testing.T, j *backend.Jaeger, run exportRun) backend.Trace {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tr, err := j.WaitTrace(ctx, run.session.TraceID().String(), 4)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
