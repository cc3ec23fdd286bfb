// Package mcpspantest holds what the tests of both MCP instrumentation
// modules share: a client recording in memory and to an AgentOps
// stand-in, span lookups, and the check that a failed tools/call counts
// once. Only tests import it.
package mcpspantest

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/otelagentops"
)

// Recorder is an AgentOps client whose spans land in memory and at an
// AgentOps stand-in, so that a test reads both the recording and the
// AgentOps dashboard's view of it.
type Recorder struct {
	Client   *otelagentops.Client
	Mem      *tracetest.InMemoryExporter
	AgentOps *exportertest.Server
}

// NewRecorder returns a Recorder capturing content or not; opts add to its
// options (another exporter, say). The client is shut down at cleanup.
func NewRecorder(t testing.TB, capture bool, opts ...otelagentops.Option) *Recorder {
	t.Helper()
	srv := exportertest.NewServer(t, 0)
	mem := tracetest.NewInMemoryExporter()
	c, err := otelagentops.New(context.Background(), append([]otelagentops.Option{
		otelagentops.WithAPIKey(exportertest.APIKey), otelagentops.WithAPIEndpoint(srv.URL),
		otelagentops.WithExporterEndpoint(srv.URL), otelagentops.WithExporter(mem),
		otelagentops.WithContentCapture(capture), otelagentops.WithoutEnvData(),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) })
	return &Recorder{Client: c, Mem: mem, AgentOps: srv}
}

// Flush exports everything ended so far and returns the recorded spans.
func (r *Recorder) Flush(t testing.TB) []sdktrace.ReadOnlySpan {
	t.Helper()
	if err := r.Client.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r.Mem.GetSpans().Snapshots()
}

// Named returns the spans named name.
func Named(spans []sdktrace.ReadOnlySpan, name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

// One returns the span named name of the given kind, failing when there is
// not exactly one.
func One(t testing.TB, spans []sdktrace.ReadOnlySpan, name string, kind trace.SpanKind) sdktrace.ReadOnlySpan {
	t.Helper()
	var found []sdktrace.ReadOnlySpan
	for _, s := range Named(spans, name) {
		if s.SpanKind() == kind {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		var names []string
		for _, s := range spans {
			names = append(names, s.Name()+"/"+s.SpanKind().String())
		}
		t.Fatalf("want one %s span %q, got %d of %v", kind, name, len(found), names)
	}
	return found[0]
}

// Attrs returns the span's attributes as a map of their values as text.
func Attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]string {
	m := map[attribute.Key]string{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value.String()
	}
	return m
}

// CheckNoContent checks that no span records secret in its attributes, nor
// a tool's error text (errText) as its status description: what a session
// that does not capture content must hold.
func CheckNoContent(t *testing.T, spans []sdktrace.ReadOnlySpan, secret, errText string) {
	t.Helper()
	for _, s := range spans {
		b, _ := json.Marshal(Attrs(s))
		if strings.Contains(string(b), secret) || strings.Contains(s.Status().Description, errText) {
			t.Errorf("span %q records content: %s %q", s.Name(), b, s.Status().Description)
		}
	}
}
