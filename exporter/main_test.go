package exporter

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/testlog"
	"github.com/agentops-go/sdk/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// logBuffer and newLogger are the shared test logger (internal/testlog).
type logBuffer = testlog.Buffer

func newLogger() (*slog.Logger, *logBuffer) { return testlog.New() }

// newHTTPServer starts an httptest server with handler, closed at the end
// of the test, and returns its URL.
func newHTTPServer(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL
}

// stubSpans returns n ended spans of one trace.
func stubSpans(n int) []sdktrace.ReadOnlySpan {
	res := resource.NewSchemaless(semconv.ServiceName("test"))
	stubs := make(tracetest.SpanStubs, n)
	for i := range stubs {
		stubs[i] = tracetest.SpanStub{
			Name: "span",
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{
				TraceID: trace.TraceID{1}, SpanID: trace.SpanID{byte(i + 1)}, TraceFlags: trace.FlagsSampled,
			}),
			StartTime: time.Now(), EndTime: time.Now(), Resource: res,
		}
	}
	return stubs.Snapshots()
}

// newAgentOps returns an exporter toward srv, shut down at the test's end.
func newAgentOps(t *testing.T, srv *exportertest.Server, opts ...Option) *AgentOps {
	t.Helper()
	logger, _ := newLogger()
	base := []Option{WithLogger(logger), WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(srv.URL),
		WithRetry(RetryConfig{Enabled: true, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond, MaxElapsedTime: time.Second})}
	e, err := NewAgentOps(t.Context(), append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Shutdown(context.Background()) })
	return e
}

func export(t *testing.T, e *AgentOps, n int) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	return e.ExportSpans(ctx, stubSpans(n))
}
