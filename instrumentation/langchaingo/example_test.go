package otellangchaingo_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/tools"

	otellangchaingo "github.com/agentops-go/sdk/instrumentation/langchaingo"
	"github.com/agentops-go/sdk/instrumentation/langchaingo/internal/fakellm"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

// weatherTool is the agent's tool.
type weatherTool struct{}

func (weatherTool) Name() string                                 { return "weather" }
func (weatherTool) Description() string                          { return "Tells the weather in a city." }
func (weatherTool) Call(context.Context, string) (string, error) { return fakellm.ToolOutput, nil }

// A langchaingo ReAct agent on the openai llm, recorded into a session: an
// agent span, a chain span per plan, an LLM call span per model call (once,
// though the model's HTTP client records with llmhttp too: the wrapped
// model passes its call down) and a tool span.
func Example() {
	srv := fakellm.New() // an OpenAI-compatible model server on loopback
	defer srv.Close()

	ctx := context.Background()
	client, err := otelagentops.New(ctx, otelagentops.WithoutSessionSink(), otelagentops.WithoutJournal(),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		panic(err)
	}
	defer func() { _ = client.Shutdown(ctx) }()
	ctx, session, err := client.StartSession(ctx)
	if err != nil {
		panic(err)
	}

	h := otellangchaingo.NewHandler(otellangchaingo.WithClient(client),
		otellangchaingo.WithProvider(semconv.GenAIProviderOpenAI), otellangchaingo.WithModel("gpt-4o-mini"))
	llm, err := openai.New(openai.WithBaseURL(srv.BaseURL()), openai.WithToken("sk-example"),
		openai.WithModel("gpt-4o-mini"), openai.WithCallback(h),
		openai.WithHTTPClient(&http.Client{Transport: llmhttp.NewTransport(nil, llmhttp.WithClient(client))}))
	if err != nil {
		panic(err)
	}
	agent := agents.NewOneShotAgent(h.WrapModel(llm), []tools.Tool{h.WrapTool(weatherTool{})},
		agents.WithCallbacksHandler(h))
	executor := agents.NewExecutor(agent, agents.WithCallbacksHandler(h.Agent("weather-agent")))

	answer, err := chains.Run(ctx, executor, "What is the weather in Paris?")
	if err != nil {
		panic(err)
	}
	st := session.Stats()
	fmt.Println(answer)
	fmt.Printf("LLM calls: %d, tool calls: %d, tokens: %d in, %d out\n", st.LLMCalls, st.ToolCalls, st.InputTokens, st.OutputTokens)
	// Output:
	// It is sunny in Paris.
	// LLM calls: 2, tool calls: 1, tokens: 270 in, 32 out
}
