package otelagentops

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"reflect"
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
// (else c's only active session): a span "<kind>.error" with status Error,
// error.type, error.message and an exception event with the stack. The kind
// is short and readable: "timeout", "canceled", "eof", "not_found",
// "permission_denied", or the name of err's own type ("PathError"); a plain
// errors.New or fmt.Errorf error gives a span named "error". A nil err
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
	var attrs []attribute.KeyValue
	startOpts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal), trace.WithTimestamp(time.Now())}
	if ec.trigger.IsValid() {
		attrs = append(attrs, semconv.AgentOpsErrorTriggerSpanID(ec.trigger.SpanID().String()))
		startOpts = append(startOpts, trace.WithLinks(trace.Link{SpanContext: ec.trigger}))
	}
	if ec.code != "" {
		attrs = append(attrs, semconv.AgentOpsErrorCode(ec.code))
	}
	name := "error"
	if kind := errorKind(err); kind != "" {
		name = kind + ".error"
	}
	_, span := s.startSpan(ctx, name, attrs, startOpts...)
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

// errorKind names err for an error span's name: a well-known condition
// ("timeout", "canceled", ...) when err is or wraps one, else the name of the
// outermost type in its chain that is not one of the standard library's
// anonymous wrappers (errors.New, fmt.Errorf, errors.Join); "" for none.
func errorKind(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected_eof"
	case errors.Is(err, io.EOF):
		return "eof"
	case errors.Is(err, fs.ErrNotExist):
		return "not_found"
	case errors.Is(err, fs.ErrPermission):
		return "permission_denied"
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return "timeout"
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		t := reflect.TypeOf(e)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if pkg := t.PkgPath(); t.Name() != "" && pkg != "errors" && pkg != "fmt" {
			return t.Name()
		}
	}
	return ""
}
