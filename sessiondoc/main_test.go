package sessiondoc

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

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

var (
	testTrace = trace.TraceID{0x8f, 0x1b, 0x1a, 0x52, 0x3c, 0x0e, 0x4a, 0x4e, 0x9b, 0x39, 0x6f, 0x1c, 0x7e, 0x0f, 0x2d, 0x11}
	t0        = time.Date(2025, 1, 12, 3, 23, 33, 63611000, time.UTC)
)

// testSessionID is testTrace as a session ID.
const testSessionID = "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"

// sc is the context of span span of the test session.
func sc(span byte) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: testTrace, SpanID: trace.SpanID{span}, TraceFlags: trace.FlagsSampled})
}

// recorded returns a span of the test session named name, child of the
// root (span 1) unless it is the root.
func recorded(id byte, name string, kind trace.SpanKind, code codes.Code, attrs ...attribute.KeyValue) tracetest.SpanStub {
	s := tracetest.SpanStub{
		Name: name, SpanContext: sc(id), SpanKind: kind, StartTime: t0.Add(time.Duration(id) * time.Millisecond),
		EndTime: t0.Add(time.Second), Status: sdktrace.Status{Code: code},
		Attributes: append([]attribute.KeyValue{semconv.AgentOpsSessionID(testSessionID)}, attrs...),
		Resource:   resource.NewSchemaless(semconv.ServiceName("agentops"), semconv.AgentOpsSDKVersion("0.1.0")),
	}
	if id != 1 {
		s.Parent = sc(1)
	}
	return s
}
