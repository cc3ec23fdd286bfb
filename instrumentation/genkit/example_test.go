package otelgenkit_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
	"github.com/firebase/genkit/go/plugins/compat_oai"

	otelgenkit "github.com/agentops-go/sdk/instrumentation/genkit"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// A Genkit flow that calls a tool, run in a session: its two model calls
// and its tool call count in the session's stats, with tokens and cost.
// The model is a fake OpenAI-compatible server on loopback.
func Example() {
	model := startFakeModel()
	defer model.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	client, err := otelagentops.New(ctx, otelagentops.WithoutSessionSink(),
		otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		panic(err)
	}
	defer client.Shutdown(context.Background())
	rec := otelgenkit.New(otelgenkit.WithClient(client))

	g := genkit.Init(ctx, genkit.WithPlugins(&compat_oai.OpenAICompatible{
		Provider: "openai", APIKey: "test-key", BaseURL: model.BaseURL(),
	}))
	weather := otelgenkit.DefineTool(rec, g, "get_weather", "Gets the weather of a city",
		func(_ *ai.ToolContext, in weatherIn) (string, error) { return "sunny in " + in.City, nil })
	flow := otelgenkit.DefineFlow(rec, g, "weatherFlow", func(ctx context.Context, question string) (string, error) {
		return genkit.GenerateText(ctx, g, ai.WithModelName("openai/gpt-4o-mini"), ai.WithPrompt(question),
			ai.WithTools(weather), ai.WithMiddleware(rec.Middleware()))
	})

	sctx, session, err := client.StartSession(ctx)
	if err != nil {
		panic(err)
	}
	answer, err := flow.Run(sctx, "What is the weather in Paris?")
	if err != nil {
		panic(err)
	}
	_ = session.End(sctx, semconv.EndStateSuccess)
	st := session.Stats()
	fmt.Println(answer)
	fmt.Printf("LLM calls: %d, tool calls: %d, tokens: %d in / %d out, priced: %t\n",
		st.LLMCalls, st.ToolCalls, st.InputTokens, st.OutputTokens, st.CostUSD > 0 && st.UnpricedLLMCalls == 0)
	// Output:
	// It is sunny in Paris.
	// LLM calls: 2, tool calls: 1, tokens: 84 in / 14 out, priced: true
}
