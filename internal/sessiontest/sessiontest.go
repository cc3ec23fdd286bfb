// Package sessiontest gives tests a client over a TracerProvider whose
// spans land in a SpanRecorder, with the SDK's SessionProcessor and
// IDGenerator installed as the package docs tell users to, and a session
// started in it: the set-up the tests of llmhttp and of the framework
// integrations share. Only tests import it.
package sessiontest

import (
	"context"
	"log/slog"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/otelagentops"
)

// Recorded is a client recording into Spans, with Session started.
type Recorded struct {
	Client         *otelagentops.Client
	TracerProvider *sdktrace.TracerProvider
	Spans          *tracetest.SpanRecorder
	Session        *otelagentops.Session
	Ctx            context.Context // carries Session
}

// New returns a Recorded whose client is built with opts after its own
// (the provider, the processor, a logger that discards); the client and
// the provider are shut down at cleanup.
func New(t testing.TB, opts ...otelagentops.Option) *Recorded {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	proc := otelagentops.NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	base := []otelagentops.Option{
		otelagentops.WithTracerProvider(tp), otelagentops.WithSessionProcessor(proc),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)),
	}
	c, err := otelagentops.New(context.Background(), append(base, opts...)...)
	if err != nil {
		_ = tp.Shutdown(context.Background())
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	ctx, s, err := c.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &Recorded{Client: c, TracerProvider: tp, Spans: rec, Session: s, Ctx: ctx}
}
