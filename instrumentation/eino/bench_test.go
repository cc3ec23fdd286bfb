package oteleino

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/schema"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/otelagentops"
)

// benchSession returns a context carrying a session whose spans are
// exported to nowhere, so that a long benchmark does not hold them.
func benchSession(b *testing.B) (context.Context, *otelagentops.Client) {
	b.Helper()
	proc := otelagentops.NewSessionProcessor(sdktrace.NewSimpleSpanProcessor(tracetest.NewNoopExporter()))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	c, err := otelagentops.New(context.Background(), otelagentops.WithTracerProvider(tp), otelagentops.WithSessionProcessor(proc),
		otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	ctx, _, err := c.StartSession(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = c.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	return ctx, c
}

// One chat model call (eino-ext's OpenAI model on a loopback server),
// without and with the handler, in the same run.
func BenchmarkModelGenerate(b *testing.B) {
	in := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	for _, instrumented := range []bool{false, true} {
		b.Run(map[bool]string{false: "baseline", true: "handler"}[instrumented], func(b *testing.B) {
			ctx, c := benchSession(b)
			cm := newModel(b, newFakeModel(b), httpClient(b, nil))
			if instrumented {
				ctx = callbacks.InitCallbacks(ctx, nil, NewHandler(WithClient(c)))
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cm.Generate(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// One ReAct agent run (two model calls and a tool call): without a
// handler, with a handler that does nothing (what Eino's callbacks cost by
// themselves), and with this package's handler, in the same run.
func BenchmarkAgentGenerate(b *testing.B) {
	in := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	for _, variant := range []string{"baseline", "noop-handler", "handler"} {
		b.Run(variant, func(b *testing.B) {
			ctx, c := benchSession(b)
			a := newAgent(b, newFakeModel(b), httpClient(b, nil))
			var opts []agent.AgentOption
			switch variant {
			case "noop-handler":
				opts = append(opts, agent.WithComposeOptions(compose.WithCallbacks(callbacks.NewHandlerBuilder().Build())))
			case "handler":
				opts = append(opts, agent.WithComposeOptions(compose.WithCallbacks(NewHandler(WithClient(c)))))
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.Generate(ctx, in, opts...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The same runs paired: each iteration runs the agent without a handler,
// with a handler that does nothing (Eino's callback machinery alone) and
// with this package's handler, so that all three see the same load on a
// shared machine, in turns; it reports each one's time per run and the ratios to
// the baseline.
func BenchmarkAgentGeneratePaired(b *testing.B) {
	in := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	ctx, c := benchSession(b)
	srv := newFakeModel(b)
	a := newAgent(b, srv, httpClient(b, nil))
	noop := agent.WithComposeOptions(compose.WithCallbacks(callbacks.NewHandlerBuilder().Build()))
	traced := agent.WithComposeOptions(compose.WithCallbacks(NewHandler(WithClient(c))))
	var took [3]time.Duration
	b.ReportAllocs()
	variants := [][]agent.AgentOption{nil, {noop}, {traced}}
	for iter := 0; b.Loop(); iter++ {
		for k := range variants {
			i := (iter + k) % len(variants) // rotate the order: the first of a round is not always the same
			t0 := time.Now()
			if _, err := a.Generate(ctx, in, variants[i]...); err != nil {
				b.Fatal(err)
			}
			took[i] += time.Since(t0)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(took[0].Nanoseconds())/n, "baseline-ns/run")
	b.ReportMetric(float64(took[1].Nanoseconds())/n, "noop-ns/run")
	b.ReportMetric(float64(took[2].Nanoseconds())/n, "handler-ns/run")
	b.ReportMetric(float64(took[1])/float64(took[0]), "noop/baseline")
	b.ReportMetric(float64(took[2])/float64(took[0]), "handler/baseline")
}
