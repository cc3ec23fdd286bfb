package otelgenkit_test

import (
	"testing"

	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/internal/benchpair"
)

// BenchmarkFlow runs the agent's flow (two model calls and a tool call on
// the loopback fake model) in a session: Genkit alone, then recorded by
// the package, then recorded with llmhttp on the model's HTTP client too.
// Compare ns/op of the sub-benchmarks of one run.
func BenchmarkFlow(b *testing.B) {
	model := newFakeModel(b)
	ctx, client := benchpair.Session(b)
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
	ctx, client := benchpair.Session(b)
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
