package otelagentops

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// ErrorOption configures RecordError.
type ErrorOption interface {
	applyError(errorConfig) errorConfig
}

type errorOptionFunc func(errorConfig) errorConfig

func (f errorOptionFunc) applyError(c errorConfig) errorConfig { return f(c) }

type errorConfig struct {
	trigger trace.SpanContext
	code    string
}

// WithTrigger points the error at the span whose work failed: its span ID
// is recorded in agentops.error.trigger_span_id, and the error span links to it.
func WithTrigger(sc trace.SpanContext) ErrorOption {
	return errorOptionFunc(func(c errorConfig) errorConfig { c.trigger = sc; return c })
}

// WithErrorCode records an application-defined error code.
func WithErrorCode(code string) ErrorOption {
	return errorOptionFunc(func(c errorConfig) errorConfig { c.code = code; return c })
}

// RecordError records err as an error event of the session ctx carries
// (else c's only active session): a span "<type>.error" with status Error,
// error.type, error.message and an exception event with the stack. A nil err
// records nothing.
func (c *Client) RecordError(ctx context.Context, err error, opts ...ErrorOption) error {
	if err == nil {
		return nil
	}
	s, serr := sessionFor(ctx, c)
	if serr != nil {
		return serr
	}
	var ec errorConfig
	for _, o := range opts {
		if o != nil {
			ec = o.applyError(ec)
		}
	}
	typ := semconv.ErrorTypeOf(err)
	attrs := []attribute.KeyValue{semconv.OperationName(typ.Value.AsString())}
	startOpts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal), trace.WithTimestamp(time.Now())}
	if ec.trigger.IsValid() {
		attrs = append(attrs, semconv.AgentOpsErrorTriggerSpanID(ec.trigger.SpanID().String()))
		startOpts = append(startOpts, trace.WithLinks(trace.Link{SpanContext: ec.trigger}))
	}
	if ec.code != "" {
		attrs = append(attrs, semconv.AgentOpsErrorCode(ec.code))
	}
	_, span := s.client.tracer.Start(s.spanParent(ctx), typ.Value.AsString()+".error",
		append(startOpts, trace.WithAttributes(attrs...))...)
	recordError(span, err)
	span.End()
	return nil
}

// recordError marks span as failed with err: status Error with the message,
// error.type, error.message, and an exception event with the stack trace.
func recordError(span trace.Span, err error) {
	msg := err.Error()
	span.SetAttributes(semconv.ErrorTypeOf(err), semconv.ErrorMessage(msg))
	span.RecordError(err, trace.WithStackTrace(true))
	span.SetStatus(codes.Error, msg)
}
