package otellangchaingo

import (
	"testing"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/tools"

	"github.com/agentops-go/sdk/instrumentation/langchaingo/internal/fakellm"
	"github.com/agentops-go/sdk/internal/benchpair"
)

// BenchmarkAgentRun runs one real ReAct agent (two model calls on a
// loopback server, one tool call) per op:
//
//   - Baseline: no callbacks handler;
//   - SimpleHandler: langchaingo's no-op callbacks.SimpleHandler where the
//     instrumented runs have theirs; a OneShotAgent given a handler streams
//     its model calls to it, so this is the uninstrumented run to compare
//     Callbacks and WrappedModel with;
//   - Callbacks: the Handler on the model, agent, executor and tool;
//   - WrappedModel: the same with the model given as h.WrapModel(llm).
//
// Compare the ns/op of the sub-benchmarks of one run.
func BenchmarkAgentRun(b *testing.B) {
	srv := fakellm.New()
	b.Cleanup(srv.Close)
	ctx, c := benchpair.Session(b)
	h := NewHandler(WithClient(c), WithModel(fakellm.Model))
	for _, mode := range []string{"Baseline", "SimpleHandler", "Callbacks", "WrappedModel"} {
		exec := benchAgent(b, srv, mode, h)
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := chains.Run(ctx, exec, "What is the weather in Paris?"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAgentRunPaired runs the agents of BenchmarkAgentRun in turns
// and reports median times and their ratios to SimpleHandler, the fair
// uninstrumented run (see BenchmarkAgentRun; internal/benchpair).
func BenchmarkAgentRunPaired(b *testing.B) {
	srv := fakellm.New()
	b.Cleanup(srv.Close)
	ctx, c := benchpair.Session(b)
	h := NewHandler(WithClient(c), WithModel(fakellm.Model))
	var variants []benchpair.Variant
	for _, mode := range []string{"SimpleHandler", "Baseline", "Callbacks", "WrappedModel", "WrappedOnly"} {
		exec := benchAgent(b, srv, mode, h)
		variants = append(variants, benchpair.Variant{Name: mode, Call: func() error {
			_, err := chains.Run(ctx, exec, "What is the weather in Paris?")
			return err
		}})
	}
	benchpair.Run(b, variants...)
}

func benchAgent(b *testing.B, srv *fakellm.Server, mode string, h *Handler) *agents.Executor {
	var cb callbacks.Handler
	switch mode {
	case "SimpleHandler":
		cb = callbacks.SimpleHandler{}
	case "Callbacks", "WrappedModel":
		cb = h
	}
	opts := []openai.Option{openai.WithBaseURL(srv.BaseURL()), openai.WithToken("sk-bench"), openai.WithModel(fakellm.Model),
		openai.WithHTTPClient(srv.Client())}
	if cb != nil {
		opts = append(opts, openai.WithCallback(cb))
	}
	llm, err := openai.New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	var tool tools.Tool = weather{CallbacksHandler: cb}
	var agentOpts, execOpts []agents.Option
	if cb != nil {
		agentOpts = append(agentOpts, agents.WithCallbacksHandler(cb))
		execOpts = append(execOpts, agents.WithCallbacksHandler(cb))
	}
	if cb == h {
		execOpts = []agents.Option{agents.WithCallbacksHandler(h.Agent("weather-agent"))}
	}
	if mode == "WrappedOnly" {
		// No handler on the agent (it would stream its model calls): the
		// model and the tool wrapped, the executor's run an agent span.
		return agents.NewExecutor(agents.NewOneShotAgent(h.WrapModel(llm), []tools.Tool{h.WrapTool(weather{})}),
			agents.WithCallbacksHandler(h.Agent("weather-agent")))
	}
	if mode == "WrappedModel" {
		return agents.NewExecutor(agents.NewOneShotAgent(h.WrapModel(llm), []tools.Tool{tool}, agentOpts...), execOpts...)
	}
	return agents.NewExecutor(agents.NewOneShotAgent(llm, []tools.Tool{tool}, agentOpts...), execOpts...)
}
