package exporter

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/exporter/exportertest"
)

// TestOTLPTellsATooLargeBatch sends batches through otlptracehttp to a
// receiver answering each 4xx status: a 413 gives an error wrapping
// ErrRequestTooLarge (from otlptracehttp's error text, which this pins),
// every other status an error that does not.
func TestOTLPTellsATooLargeBatch(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusNotFound,
		http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			f.Set(exportertest.Fault{Status: status, Body: "refused: 413 in a body is not a status"})
			e, err := NewOTLP(t.Context(), otlptracehttp.WithEndpointURL(f.URL+"/v1/traces"))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = e.Shutdown(t.Context()) }()
			err = e.ExportSpans(t.Context(), stubSpans(3))
			if err == nil || !strings.Contains(err.Error(), http.StatusText(status)) {
				t.Fatalf("err = %v, want it to name the status", err)
			}
			if got := errors.Is(err, ErrRequestTooLarge); got != (status == http.StatusRequestEntityTooLarge) {
				t.Errorf("errors.Is(err, ErrRequestTooLarge) = %v for %d: %v", got, status, err)
			}
		})
	}
}
