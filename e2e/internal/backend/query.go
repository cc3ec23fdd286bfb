package backend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// ErrTraceNotFound is returned (wrapped) by Jaeger.Trace when Jaeger holds no
// span of the trace.
var ErrTraceNotFound = errors.New("backend: trace not found")

const (
	maxResponseBytes = 64 << 20
	// defaultWait bounds WaitTrace when its context has no deadline.
	defaultWait = 30 * time.Second
)

// Trace fetches the trace with the given hex ID through Jaeger's HTTP API v3
// (GET /api/v3/traces/{traceID}), as Jaeger's UI would show it (with Jaeger's
// adjusters applied). It returns an error wrapping ErrTraceNotFound when
// Jaeger has no span of the trace. Spans are stored asynchronously after an
// export returns, so tests should use WaitTrace.
func (j *Jaeger) Trace(ctx context.Context, traceID string) (Trace, error) {
	u := j.QueryURL() + "/api/v3/traces/" + url.PathEscape(traceID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Trace{}, err
	}
	resp, err := j.client.Do(req)
	if err != nil {
		return Trace{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return Trace{}, fmt.Errorf("GET %s: reading body: %w", u, err)
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return Trace{}, fmt.Errorf("%w: %s", ErrTraceNotFound, traceID)
	default:
		return Trace{}, fmt.Errorf("GET %s: %s: %s", u, resp.Status, body)
	}
	// The v3 API wraps OTLP/JSON TracesData as {"result": ...}. Its
	// Content-Type is text/plain, so it is not checked.
	var envelope struct {
		Result otlpTraces `json:"result"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return Trace{}, fmt.Errorf("GET %s: decoding: %w", u, err)
	}
	spans, err := envelope.Result.spans()
	if err != nil {
		return Trace{}, fmt.Errorf("GET %s: %w", u, err)
	}
	return Trace{Spans: spans}, nil
}

// WaitTrace polls Trace until the trace has at least minSpans spans and
// returns it. It gives up when ctx is done (or after 30s if ctx has no
// deadline), returning what it last saw with an error naming the span count,
// and at once on any error other than ErrTraceNotFound.
func (j *Jaeger) WaitTrace(ctx context.Context, traceID string, minSpans int) (Trace, error) {
	spans, err := waitSpans(ctx, "trace "+traceID, minSpans, func(ctx context.Context) ([]Span, error) {
		tr, err := j.Trace(ctx, traceID)
		if errors.Is(err, ErrTraceNotFound) {
			return nil, nil
		}
		return tr.Spans, err
	})
	return Trace{Spans: spans}, err
}

// waitSpans polls fetch until it returns at least minSpans spans, an error,
// or ctx is done (bounded by defaultWait if ctx has no deadline). On timeout
// it returns the spans last fetched and an error naming what and the count.
func waitSpans(ctx context.Context, what string, minSpans int, fetch func(context.Context) ([]Span, error)) ([]Span, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultWait)
		defer cancel()
	}
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	var last []Span
	for {
		spans, err := fetch(ctx)
		switch {
		case err == nil && len(spans) >= minSpans:
			return spans, nil
		case err == nil:
			last = spans
		case ctx.Err() == nil:
			return last, err
		}
		select {
		case <-ctx.Done():
			return last, fmt.Errorf("backend: %s has %d of %d spans: %w", what, len(last), minSpans, ctx.Err())
		case <-tick.C:
		}
	}
}
