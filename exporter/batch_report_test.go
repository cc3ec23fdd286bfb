package exporter

import (
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/exporter/exportertest"
)

// errorHandlerCalls captures what reaches OTel's global error handler for
// the rest of the test. The handler stays installed (OTel's default
// delegates to the first one set for good); after the test it prints, as
// OTel's default does.
func errorHandlerCalls(t *testing.T) func() []string {
	t.Helper()
	var (
		mu     sync.Mutex
		calls  []string
		active atomic.Bool
	)
	active.Store(true)
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		if !active.Load() {
			log.Print(err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, err.Error())
	}))
	t.Cleanup(func() {
		active.Store(false)
		otel.SetErrorHandler(prev)
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(calls)
	}
}

// endSpans starts and ends n spans on tp.
func endSpans(tp *sdktrace.TracerProvider, n int) {
	for range n {
		_, span := tp.Tracer("test").Start(context.Background(), "span")
		span.End()
	}
}

// TestExportFailuresNeverReachTheGlobalErrorHandler: with a rejected key,
// every batch fails. OTel's batch processor hands an export's error to
// otel.Handle, which printed it once per batch, every flush interval, even
// with the SDK's logger discarding everything. A BatchProcessor reports
// failures through its logger (once) and Stats; ForceFlush returns them.
func TestExportFailuresNeverReachTheGlobalErrorHandler(t *testing.T) {
	handled := errorHandlerCalls(t)
	for _, tc := range []struct {
		name   string
		logger *slog.Logger
	}{
		{"discarded", slog.New(slog.NewTextHandler(io.Discard, nil))},
		{"logged", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := exportertest.NewServer(t, 0)
			srv.FailAuth(401, `{"error":"Invalid API key"}`)
			exp := newAgentOps(t, srv, WithLogger(slog.New(slog.DiscardHandler)))
			logger, logs := tc.logger, (*logBuffer)(nil)
			if logger == nil {
				logger, logs = newLogger()
			}
			bp := NewBatchProcessor(exp, logger, sdktrace.WithBatchTimeout(5*time.Millisecond), sdktrace.WithMaxExportBatchSize(2))
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bp))
			for range 5 { // batches from the timer and from a full batch
				endSpans(tp, 3)
				time.Sleep(10 * time.Millisecond)
			}
			waitFor(t, "every batch to fail", func() bool { return bp.Stats().Failed == 15 })
			endSpans(tp, 1)
			if err := tp.ForceFlush(context.Background()); !errors.Is(err, ErrAPIKeyRejected) {
				t.Errorf("ForceFlush = %v, want it to say the key was rejected", err)
			}
			endSpans(tp, 1) // exported by Shutdown's drain
			if err := tp.Shutdown(context.Background()); err != nil {
				t.Errorf("Shutdown = %v; the failures were logged and counted", err)
			}
			if st := bp.Stats(); st.Failed != 17 || st.Queued != 17 {
				t.Errorf("stats %+v, want 17 spans failed", st)
			}
			if got := handled(); len(got) != 0 {
				t.Errorf("%d calls of OTel's global error handler, want none: %q", len(got), got)
			}
			if logs != nil {
				if n := strings.Count(logs.String(), "span export failed"); n != 1 {
					t.Errorf("the failure was logged %d times, want once:\n%s", n, logs)
				}
			}
		})
	}
}

// TestShutdownWithoutDeadlineIsBounded: with an endpoint that never answers
// (it accepts connections and holds requests, or refuses connections),
// Shutdown(context.Background()) waited two export timeouts, a minute with
// OTel's defaults, saying nothing. It now gives up after
// DefaultShutdownTimeout, says once that it waits, and counts the spans it
// could not deliver failed by the time it returns.
func TestShutdownWithoutDeadlineIsBounded(t *testing.T) {
	if DefaultShutdownTimeout > 10*time.Second {
		t.Errorf("DefaultShutdownTimeout = %v, want at most 10s", DefaultShutdownTimeout)
	}
	for _, fault := range []string{"hang", "down"} {
		t.Run(fault, func(t *testing.T) {
			t.Parallel()
			f := exportertest.NewFaulty(t)
			if fault == "hang" {
				f.Set(exportertest.Hanging)
			} else {
				f.Down()
			}
			exp, err := NewOTLP(t.Context(), otlptracehttp.WithEndpointURL(f.URL+"/v1/traces"))
			if err != nil {
				t.Fatal(err)
			}
			logger, logs := newLogger()
			bp := NewBatchProcessor(exp, logger) // OTel's defaults: 30s export timeout
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bp))
			endSpans(tp, 7)

			done := make(chan error, 1)
			go func() { done <- tp.Shutdown(context.Background()) }()
			select {
			case err = <-done:
			case <-time.After(45 * time.Second): // generous: a loaded machine, and less than today's minute
				t.Fatal("Shutdown(context.Background()) did not return within 45s")
			}
			if !errors.Is(err, errShutdownBound) {
				t.Errorf("Shutdown = %v, want it to say it gave up after DefaultShutdownTimeout", err)
			}
			if st := bp.Stats(); st.Failed != 7 || st.Dropped != 0 || st.Held != 0 {
				t.Errorf("stats %+v when Shutdown returned, want all 7 spans counted failed", st)
			}
			if n := strings.Count(logs.String(), "Shutdown is waiting for the span endpoint"); n != 1 {
				t.Errorf("the wait was logged %d times, want once:\n%s", n, logs)
			}
		})
	}
}

// TestShutdownDeadlineOfTheCallerWins: a deadline of the caller's, shorter
// than DefaultShutdownTimeout, ends Shutdown with the context's error, and
// the abandoned spans are counted failed by the time it returns (they
// counted as dropped until the abandoned export returned).
func TestShutdownDeadlineOfTheCallerWins(t *testing.T) {
	f := exportertest.NewFaulty(t)
	f.Set(exportertest.Hanging)
	exp, err := NewOTLP(t.Context(), otlptracehttp.WithEndpointURL(f.URL+"/v1/traces"))
	if err != nil {
		t.Fatal(err)
	}
	bp := NewBatchProcessor(exp, slog.New(slog.DiscardHandler))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bp))
	endSpans(tp, 5)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := tp.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errShutdownBound) {
		t.Errorf("Shutdown = %v, want the caller's deadline", err)
	}
	if st := bp.Stats(); st.Failed != 5 || st.Dropped != 0 {
		t.Errorf("stats %+v when Shutdown returned, want all 5 spans counted failed", st)
	}
}
