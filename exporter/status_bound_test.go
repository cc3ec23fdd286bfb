package exporter

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// TestHugeStatusDescriptionArrivesBounded: OTel bounds attribute values,
// never the status description, so a 10 MB error message (RecordError, an
// end-state reason) made Jaeger refuse the batch with 400, losing the root
// and the spans sent with it. Through a BatchProcessor, to a plain OTLP
// endpoint and to AgentOps alike, the description arrives cut to the
// attribute value length limit's default, ending in an ellipsis.
func TestHugeStatusDescriptionArrivesBounded(t *testing.T) {
	huge := "é" + strings.Repeat("x", 10<<20)
	for _, target := range []string{"otlp", "agentops"} {
		t.Run(target, func(t *testing.T) {
			var (
				exp       sdktrace.SpanExporter
				delivered func() []*tracepb.Span
			)
			if target == "otlp" {
				f := exportertest.NewFaulty(t)
				e, err := NewOTLP(t.Context(), otlptracehttp.WithEndpointURL(f.URL+"/v1/traces"))
				if err != nil {
					t.Fatal(err)
				}
				exp, delivered = e, f.Delivered
			} else {
				srv := exportertest.NewServer(t, 0)
				exp, delivered = newAgentOps(t, srv), srv.Accepted
			}
			bp := NewBatchProcessor(exp, slog.New(slog.DiscardHandler))
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bp))
			_, span := tp.Tracer("test").Start(context.Background(), "failing")
			span.SetStatus(codes.Error, huge)
			span.End()
			if err := tp.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := delivered()
			if len(got) != 1 {
				t.Fatalf("%d spans delivered, want 1 (stats %+v)", len(got), bp.Stats())
			}
			msg := got[0].GetStatus().GetMessage()
			if n := utf8.RuneCountInString(msg); n != envconfig.DefaultAttributeValueLengthLimit ||
				!strings.HasSuffix(msg, "…") || !strings.HasPrefix(huge, strings.TrimSuffix(msg, "…")) {
				t.Errorf("status message of %d characters (%d bytes), want %d ending in an ellipsis",
					n, len(msg), envconfig.DefaultAttributeValueLengthLimit)
			}
		})
	}
}

// TestBoundDescription cuts on rune boundaries, to exactly the limit.
func TestBoundDescription(t *testing.T) {
	const limit = maxStatusDescription
	for _, tc := range []struct {
		name string
		in   string
		cut  bool
	}{
		{"short", "boom", false},
		{"at the limit", strings.Repeat("é", limit), false},
		{"one over", strings.Repeat("x", limit+1), true},
		{"multibyte over", strings.Repeat("日本", limit), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := boundDescription(tc.in)
			if !utf8.ValidString(out) || utf8.RuneCountInString(out) > limit {
				t.Fatalf("%d characters, valid %v", utf8.RuneCountInString(out), utf8.ValidString(out))
			}
			if cut := out != tc.in; cut != tc.cut || (cut && !strings.HasSuffix(out, "…")) {
				t.Errorf("cut %v, want %v", cut, tc.cut)
			}
			if descriptionValid(tc.in) == tc.cut {
				t.Errorf("descriptionValid = %v", !tc.cut)
			}
		})
	}
}
