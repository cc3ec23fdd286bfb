package exporter

import (
	"context"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// OTLP is an OTLP/HTTP span exporter for any backend (Jaeger, Tempo, an
// OpenTelemetry Collector): otlptracehttp, with its options and its
// OTEL_EXPORTER_OTLP_* variables, whose errors say when the endpoint
// refused a batch as too large. They then wrap ErrRequestTooLarge, as the
// AgentOps exporter's do, so that a caller can send the batch again in
// parts (the agentops client does).
type OTLP struct {
	inner sdktrace.SpanExporter // the otlptrace exporter otlptracehttp.New builds
}

var _ sdktrace.SpanExporter = (*OTLP)(nil)

// NewOTLP returns an OTLP/HTTP exporter built by otlptracehttp.New with opts.
func NewOTLP(ctx context.Context, opts ...otlptracehttp.Option) (*OTLP, error) {
	inner, err := otlptracehttp.New(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return &OTLP{inner: inner}, nil
}

// ExportSpans sends spans. A 413 answer gives an error wrapping
// ErrRequestTooLarge.
func (e *OTLP) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := e.inner.ExportSpans(ctx, spans)
	if err != nil && refusedAsTooLarge(err) {
		return fmt.Errorf("%w: a batch of %d spans: %w", ErrRequestTooLarge, len(spans), err)
	}
	return err
}

// Shutdown flushes nothing (OTLP keeps no spans) and closes the exporter.
func (e *OTLP) Shutdown(ctx context.Context) error { return e.inner.Shutdown(ctx) }

// refusedAsTooLarge reports whether err is otlptracehttp's error for a 413
// answer. It reports a status it does not retry only as text,
// "failed to send to <url>: 413 Request Entity Too Large (body: …)", and a
// URL holds no space, so the status is the word after it (a body may say
// "413" too). The tests send real answers through otlptracehttp, so a
// change of that text fails them.
func refusedAsTooLarge(err error) bool {
	const prefix = "failed to send to "
	msg := err.Error()
	i := strings.Index(msg, prefix)
	if i < 0 {
		return false
	}
	rest := msg[i+len(prefix):]
	j := strings.IndexByte(rest, ' ') // the end of "<url>:"
	return j > 0 && rest[j-1] == ':' && strings.HasPrefix(rest[j+1:], "413 ")
}
