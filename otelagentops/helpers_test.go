package otelagentops

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/internal/envconfig"
	"go.uber.org/goleak"
)

// TestMain turns the session journal off for every test that does not ask
// for one (WithJournalDir): tests run side by side in one folder, and one
// client's recovery must not finish another test's sessions.
func TestMain(m *testing.M) {
	_ = os.Setenv(envconfig.EnvJournalDir, "off")
	goleak.VerifyTestMain(m)
}

// recorded is a client over an injected provider whose spans land in a
// SpanRecorder, the SDK's documented way to plug into a user's provider.
type recorded struct {
	client *Client
	rec    *tracetest.SpanRecorder
	logs   *syncBuffer
}

// newRecorded builds a provider with the SessionProcessor and IDGenerator,
// as the package docs tell users to, and a client over it.
func newRecorded(t testing.TB, opts ...Option) *recorded {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	proc := NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(NewIDGenerator()))
	logs := &syncBuffer{}
	base := []Option{WithTracerProvider(tp), WithSessionProcessor(proc), WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}
	c, err := New(context.Background(), append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	return &recorded{client: c, rec: rec, logs: logs}
}

// span returns the one ended span named name.
func (r *recorded) span(t testing.TB, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	var found []sdktrace.ReadOnlySpan
	for _, s := range r.rec.Ended() {
		if s.Name() == name {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one ended span %q, got %d (of %d ended)", name, len(found), len(r.rec.Ended()))
	}
	return found[0]
}

// attr returns the value of key on s, failing the test when it is missing.
func attr(t testing.TB, s sdktrace.ReadOnlySpan, key attribute.Key) attribute.Value {
	t.Helper()
	for _, kv := range s.Attributes() {
		if kv.Key == key {
			return kv.Value
		}
	}
	t.Fatalf("span %q has no attribute %q", s.Name(), key)
	return attribute.Value{}
}

// hasAttr reports whether s has key.
func hasAttr(s sdktrace.ReadOnlySpan, key attribute.Key) bool {
	for _, kv := range s.Attributes() {
		if kv.Key == key {
			return true
		}
	}
	return false
}

// syncBuffer is a bytes.Buffer safe for concurrent writers (log handlers).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// keepingExporter keeps what it exported after Shutdown (tracetest's
// InMemoryExporter forgets it), so tests can look after a pipeline closes.
type keepingExporter struct {
	mu    sync.Mutex
	spans []sdktrace.ReadOnlySpan
}

func (e *keepingExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.spans = append(e.spans, spans...)
	return nil
}

func (e *keepingExporter) Shutdown(context.Context) error { return nil }

func (e *keepingExporter) Spans() []sdktrace.ReadOnlySpan {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]sdktrace.ReadOnlySpan(nil), e.spans...)
}
