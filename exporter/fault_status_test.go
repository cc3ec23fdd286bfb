package exporter

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
)

// newFaultyAgentOps returns an AgentOps exporter authenticating at a
// healthy stand-in and sending spans to a Faulty receiver.
func newFaultyAgentOps(t *testing.T) (*AgentOps, *exportertest.Server, *exportertest.Faulty) {
	t.Helper()
	srv, f := exportertest.NewServer(t, 0), exportertest.NewFaulty(t)
	e := newAgentOps(t, srv, WithExporterEndpoint(f.URL),
		WithRetry(RetryConfig{Enabled: true, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond, MaxElapsedTime: 10 * time.Second}))
	return e, srv, f
}

// TestAgentOpsRetriesThrottlingAndGatewayErrors: 429 (with and without
// Retry-After), 502, 503 and 504 are retried with the same token until
// the batch is delivered; Retry-After is waited out.
func TestAgentOpsRetriesThrottlingAndGatewayErrors(t *testing.T) {
	for _, fault := range []exportertest.Fault{
		exportertest.Throttled(time.Second),
		{Status: http.StatusTooManyRequests},
		{Status: http.StatusBadGateway},
		{Status: http.StatusServiceUnavailable},
		{Status: http.StatusGatewayTimeout},
	} {
		name := http.StatusText(fault.Status)
		if ra := fault.Header["Retry-After"]; ra != "" {
			name += " Retry-After " + ra
		}
		t.Run(name, func(t *testing.T) {
			e, srv, f := newFaultyAgentOps(t)
			f.Next(fault)
			if err := export(t, e, 3); err != nil {
				t.Fatal(err)
			}
			reqs := f.Requests()
			if len(reqs) != 2 || reqs[0].Status != fault.Status || reqs[1].Status != http.StatusOK || len(f.Delivered()) != 3 {
				t.Fatalf("%d requests, %d spans delivered; want the batch retried once and delivered", len(reqs), len(f.Delivered()))
			}
			if reqs[1].Bearer != reqs[0].Bearer || srv.AuthCalls() != 1 {
				t.Error("a throttled batch was retried with another token")
			}
			if fault.Header["Retry-After"] != "" {
				if gap := reqs[1].At.Sub(reqs[0].At); gap < time.Second {
					t.Errorf("retried %v after a Retry-After of 1s", gap)
				}
			}
		})
	}
}

// TestAgentOpsReauthenticatesOnceOn401: a 401 from the trace endpoint
// makes the exporter authenticate again and send the batch once more with
// the new token; a second 401 is an error, not a loop.
func TestAgentOpsReauthenticatesOnceOn401(t *testing.T) {
	e, srv, f := newFaultyAgentOps(t)
	f.Next(exportertest.Fault{Status: http.StatusUnauthorized, Body: `{"error":"expired"}`})
	if err := export(t, e, 2); err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(reqs) != 2 || srv.AuthCalls() != 2 || reqs[1].Bearer != srv.Issued()[1] || len(f.Delivered()) != 2 {
		t.Fatalf("%d requests, %d auth calls; want one re-authentication and the batch sent again with the new token", len(reqs), srv.AuthCalls())
	}

	f.Set(exportertest.Fault{Status: http.StatusUnauthorized})
	err := export(t, e, 2)
	if err == nil || !strings.Contains(err.Error(), "fresh token too") {
		t.Fatalf("err = %v, want the rejection of a fresh token", err)
	}
	if n := len(f.Requests()); n != 4 || srv.AuthCalls() != 3 {
		t.Errorf("%d requests and %d auth calls in all; want 4 and 3 (one re-auth per export, no loop)", n, srv.AuthCalls())
	}
	for _, tok := range srv.Issued() {
		if strings.Contains(err.Error(), tok) {
			t.Error("the error shows a token")
		}
	}
}

// TestAgentOpsDoesNotRetryOtherClientErrors: other 4xx answers are errors
// after one request; 413 wraps ErrRequestTooLarge so that the client can
// split the batch.
func TestAgentOpsDoesNotRetryOtherClientErrors(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict,
		http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			e, srv, f := newFaultyAgentOps(t)
			f.Set(exportertest.Fault{Status: status, Body: "refused"})
			err := export(t, e, 2)
			if err == nil || !strings.Contains(err.Error(), http.StatusText(status)) {
				t.Fatalf("err = %v, want it to name the status", err)
			}
			if got := errors.Is(err, ErrRequestTooLarge); got != (status == http.StatusRequestEntityTooLarge) {
				t.Errorf("errors.Is(err, ErrRequestTooLarge) = %v", got)
			}
			if n := len(f.Requests()); n != 1 || srv.AuthCalls() != 1 {
				t.Errorf("%d requests, %d auth calls; want 1 and 1 (no retry)", n, srv.AuthCalls())
			}
		})
	}
}

// TestAgentOpsConnectionFaults: a hanging backend is given up on when the
// export's context ends; a connection cut before the answer and a refused
// connection are errors the caller can recognise (a *net.OpError or EOF:
// the client's pipeline sends such batches again).
func TestAgentOpsConnectionFaults(t *testing.T) {
	t.Run("hang", func(t *testing.T) {
		e, _, f := newFaultyAgentOps(t)
		f.Set(exportertest.Hanging)
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := e.ExportSpans(ctx, stubSpans(1)); err == nil {
			t.Fatal("an export to a hanging backend succeeded")
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("the export took %v with a 300ms deadline", took)
		}
	})
	t.Run("cut", func(t *testing.T) {
		e, _, f := newFaultyAgentOps(t)
		f.Set(exportertest.Cutting)
		err := export(t, e, 1)
		var op *net.OpError
		if err == nil || (!errors.As(err, &op) && !strings.Contains(err.Error(), "EOF")) {
			t.Fatalf("err = %v, want a connection error", err)
		}
		if n := len(f.Requests()); n != 1 {
			t.Errorf("%d requests; the exporter itself sends once", n)
		}
	})
	t.Run("refused", func(t *testing.T) {
		e, _, f := newFaultyAgentOps(t)
		f.Down()
		err := export(t, e, 1)
		var op *net.OpError
		if !errors.As(err, &op) || op.Op != "dial" {
			t.Fatalf("err = %v, want a dial error", err)
		}
	})
}
