package exporter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"runtime/debug"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Backoff between attempts while the endpoint gives no answer.
const (
	noAnswerFirstWait = 100 * time.Millisecond
	noAnswerMaxWait   = 5 * time.Second
)

// sendRetrying exports spans, sending them again with jittered exponential
// backoff while no answer comes (see noAnswer), until ctx ends.
func (e *deliveringExporter) sendRetrying(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	for wait := noAnswerFirstWait; ; wait = min(2*wait, noAnswerMaxWait) {
		err := e.exportContained(ctx, spans)
		if err == nil || !noAnswer(err) {
			return err
		}
		t := time.NewTimer(wait/2 + rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// noAnswer reports whether err says the exchange broke down before any
// answer came: no connection could be made (refused, no route, unknown
// host), or the connection failed or was closed while the request was
// written or its answer awaited (a backend restarting, a stale keep-alive
// connection). The request may be sent again: OTLP's delivery is at least
// once on network interruptions (OTLP specification, "Duplicate Data"), so
// a server that stored a batch and then lost the connection before
// answering gets it twice. HTTP answers and timeouts are not matched
// (otlptracehttp retries 429/502/503/504 and timeouts itself).
func noAnswer(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// exportContained calls the exporter, turning its panic into an error
// (logged the first time, with the stack): an exporter runs on the batch
// processor's goroutine (or the SDK's), where a panic would end the
// program. The batch then fails for good.
func (e *deliveringExporter) exportContained(ctx context.Context, spans []sdktrace.ReadOnlySpan) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("agentops: the span exporter panicked: %v", v)
			if !e.panicked.Swap(true) {
				e.logger.Error(err.Error()+"; its batches are counted failed", "stack", string(debug.Stack()))
			}
		}
	}()
	return e.SpanExporter.ExportSpans(ctx, spans)
}
