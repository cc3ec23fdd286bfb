package oteleino

import (
	"context"
	"testing"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/schema"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/benchpair"
	"github.com/agentops-go/sdk/otelagentops"
)

// benchSession returns a context carrying a session whose spans are
// exported to nowhere (internal/benchpair.Session), and its client.
func benchSession(b *testing.B, opts ...otelagentops.Option) (context.Context, *otelagentops.Client) {
	return benchpair.Session(b, opts...)
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

// The model calls of BenchmarkModelGenerate in turns (internal/benchpair:
// median times and their ratio).
func BenchmarkModelGeneratePaired(b *testing.B) {
	in := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	ctx, c := benchSession(b)
	srv := newFakeModel(b)
	cm := newModel(b, srv, httpClient(b, nil))
	traced := callbacks.InitCallbacks(ctx, nil, NewHandler(WithClient(c)))
	call := func(ctx context.Context) func() error {
		return func() error { _, err := cm.Generate(ctx, in); return err }
	}
	benchpair.Run(b, benchpair.Variant{Name: "baseline", Call: call(ctx)}, benchpair.Variant{Name: "handler", Call: call(traced)})
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

// The same runs paired (internal/benchpair: in turns, median times and
// their ratios to the baseline): without a handler, with a handler that
// does nothing (Eino's callback machinery alone), with this package's
// handler, and with it recording into a client that does not capture
// content (no messages, inputs or outputs: the spans alone), beside the
// floor of any OpenTelemetry instrumentation (bareOTelHandler).
func BenchmarkAgentGeneratePaired(b *testing.B) {
	in := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	ctx, c := benchSession(b)
	_, bare := benchSession(b, otelagentops.WithContentCapture(false))
	a := newAgent(b, newFakeModel(b), httpClient(b, nil))
	run := func(opts ...agent.AgentOption) func() error {
		return func() error { _, err := a.Generate(ctx, in, opts...); return err }
	}
	benchpair.Run(b,
		benchpair.Variant{Name: "baseline", Call: run()},
		benchpair.Variant{Name: "noop", Call: run(agent.WithComposeOptions(compose.WithCallbacks(callbacks.NewHandlerBuilder().Build())))},
		benchpair.Variant{Name: "handler", Call: run(agent.WithComposeOptions(compose.WithCallbacks(NewHandler(WithClient(c)))))},
		benchpair.Variant{Name: "nocontent", Call: run(agent.WithComposeOptions(compose.WithCallbacks(NewHandler(WithClient(bare)))))},
		benchpair.Variant{Name: "bareotel", Call: run(agent.WithComposeOptions(compose.WithCallbacks(bareOTelHandler(b))))},
	)
}

// bareOTelHandler is the floor of any OpenTelemetry instrumentation of
// Eino: a span per component run, named, with no attribute, through an SDK
// provider batching to an exporter that drops them.
func bareOTelHandler(b *testing.B) callbacks.Handler {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(benchpair.Discard{}))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	tracer := tp.Tracer("bench")
	return callbacks.NewHandlerBuilder().
		OnStartFn(func(ctx context.Context, info *callbacks.RunInfo, _ callbacks.CallbackInput) context.Context {
			ctx, _ = tracer.Start(ctx, info.Name)
			return ctx
		}).
		OnEndFn(func(ctx context.Context, _ *callbacks.RunInfo, _ callbacks.CallbackOutput) context.Context {
			trace.SpanFromContext(ctx).End()
			return ctx
		}).Build()
}
