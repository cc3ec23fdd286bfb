package otelgenkit_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/internal/benchpair"
	"github.com/agentops-go/sdk/otelagentops"
)

// BenchmarkFlow runs the agent's flow (two model calls and a tool call on
// the loopback fake model) in a session: Genkit alone, then recorded by
// the package, then recorded with llmhttp on the model's HTTP client too.
// Compare ns/op of the sub-benchmarks of one run.
func BenchmarkFlow(b *testing.B) {
	model := newFakeModel(b)
	proc := otelagentops.NewSessionProcessor() // stats only: measures recording, not export
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	client, err := otelagentops.New(context.Background(), otelagentops.WithTracerProvider(tp),
		otelagentops.WithSessionProcessor(proc), otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = client.Shutdown(context.Background()) })
	ctx, _, err := client.StartSession(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	rec := otelgenkit.New(otelgenkit.WithClient(client))
	for _, bc := range []struct {
		name string
		cfg  agentConfig
	}{
		{"genkit", agentConfig{}},
		{"recorded", agentConfig{rec: rec, middleware: true}},
		{"recorded+llmhttp", agentConfig{rec: rec, middleware: true, llmhttp: true}},
	} {
		a := newAgent(b, model, bc.cfg)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.flow.Run(ctx, "What is the weather in Paris?"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFlowPaired runs the flows of BenchmarkFlow in turns and reports
// median times and their ratios to Genkit alone (internal/benchpair).
func BenchmarkFlowPaired(b *testing.B) {
	model := newFakeModel(b)
	proc := otelagentops.NewSessionProcessor()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	client, err := otelagentops.New(context.Background(), otelagentops.WithTracerProvider(tp),
		otelagentops.WithSessionProcessor(proc), otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = client.Shutdown(context.Background()) })
	ctx, _, err := client.StartSession(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	rec := otelgenkit.New(otelgenkit.WithClient(client))
	var variants []benchpair.Variant
	for _, bc := range []struct {
		name string
		cfg  agentConfig
	}{
		{"genkit", agentConfig{}},
		{"recorded", agentConfig{rec: rec, middleware: true}},
	} {
		a := newAgent(b, model, bc.cfg)
		variants = append(variants, benchpair.Variant{Name: bc.name, Call: func() error {
			_, err := a.flow.Run(ctx, "What is the weather in Paris?")
			return err
		}})
	}
	benchpair.Run(b, variants...)
}
