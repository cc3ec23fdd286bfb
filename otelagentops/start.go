package otelagentops

import (
	"context"
	"slices"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// startSpan starts a span of s named name from ctx as the session's event
// spans start (under s.spanParent(ctx)), with attrs as its start
// attributes. attrs is copied, so that callers can build it in an array on
// their stack; opts may be appended to.
func (s *Session) startSpan(ctx context.Context, name string, attrs []attribute.KeyValue, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	return s.client.tracer.Start(s.spanParent(ctx), name, append(opts, trace.WithAttributes(slices.Clone(attrs)...))...)
}

// kindOptions are the span start options of each span kind, made once
// (each trace.WithSpanKind call allocates).
var kindOptions = func() (o [trace.SpanKindConsumer + 1]trace.SpanStartOption) {
	for k := range o {
		o[k] = trace.WithSpanKind(trace.SpanKind(k))
	}
	return o
}()

// withKind is trace.WithSpanKind(kind) without the allocation.
func withKind(kind trace.SpanKind) trace.SpanStartOption {
	if kind < 0 || int(kind) >= len(kindOptions) {
		return trace.WithSpanKind(kind)
	}
	return kindOptions[kind]
}
