// Package langchaingo_test runs a real langchaingo agent inside an AgentOps
// session, recorded by otellangchaingo, exported to a real Jaeger, and
// reads the trace back.
package langchaingo_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/tools"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	otellangchaingo "github.com/agentops-go/sdk/instrumentation/langchaingo"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

const toolOutput = "Sunny, 22 C"

// weather is the agent's tool; it reports to its callbacks handler, as
// langchaingo's own tools do.
type weather struct{ callbacks callbacks.Handler }

func (weather) Name() string        { return llmserver.ToolName }
func (weather) Description() string { return "Tells the weather in a city." }
func (w weather) Call(ctx context.Context, input string) (string, error) {
	w.callbacks.HandleToolStart(ctx, input)
	w.callbacks.HandleToolEnd(ctx, toolOutput)
	return toolOutput, nil
}

// TestAgentToJaeger runs langchaingo's OpenAI functions agent (a model call
// that asks for the weather tool, the tool, a model call that answers) in
// a session exported to Jaeger, in two configurations: the handler alone
// (callbacks on the model), and the model wrapped with its HTTP client
// recording through llmhttp too. Both give the same trace and stats: each
// model call counted once.
func TestAgentToJaeger(t *testing.T) {
	jaeger := backend.StartJaeger(t)
	for _, name := range []string{"AGENTOPS_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_RESOURCE_ATTRIBUTES"} {
		t.Setenv(name, "")
	}
	for _, withLLMHTTP := range []bool{false, true} {
		name := map[bool]string{false: "Callbacks", true: "WrappedModelWithLLMHTTP"}[withLLMHTTP]
		t.Run(name, func(t *testing.T) {
			srv := llmserver.New(t)
			c, err := otelagentops.New(t.Context(), otelagentops.WithOTLPEndpoint(jaeger.OTLPHTTPEndpoint()),
				otelagentops.WithServiceName("agentops-e2e-langchaingo"), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			ctx, s, err := c.StartSession(t.Context(), otelagentops.WithSessionName("langchaingo-"+name))
			if err != nil {
				t.Fatal(err)
			}
			h := otellangchaingo.NewHandler(otellangchaingo.WithClient(c),
				otellangchaingo.WithProvider(semconv.GenAIProviderOpenAI), otellangchaingo.WithModel("gpt-4o-mini"))
			opts := []openai.Option{openai.WithBaseURL(srv.URL + "/v1"), openai.WithToken("sk-e2e"),
				openai.WithModel("gpt-4o-mini"), openai.WithCallback(h)}
			if withLLMHTTP {
				opts = append(opts, openai.WithHTTPClient(&http.Client{Transport: llmhttp.NewTransport(nil, llmhttp.WithClient(c))}))
			}
			llm, err := openai.New(opts...)
			if err != nil {
				t.Fatal(err)
			}
			var model llms.Model = llm
			if withLLMHTTP {
				model = h.WrapModel(llm)
			}
			agent := agents.NewOpenAIFunctionsAgent(model, []tools.Tool{weather{callbacks: h}}, agents.WithCallbacksHandler(h))
			executor := agents.NewExecutor(agent, agents.WithCallbacksHandler(h.Agent("weather-agent")), agents.WithMaxIterations(3))
			answer, err := chains.Run(ctx, executor, "What is the weather in Paris?")
			if err != nil {
				t.Fatal(err)
			}
			if answer != llmserver.Reply {
				t.Fatalf("agent answered %q, want %q", answer, llmserver.Reply)
			}
			if got := len(srv.Requests()); got != 2 {
				t.Fatalf("the model server got %d requests, want 2", got)
			}
			checkStats(t, s.Stats())
			if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
				t.Fatal(err)
			}
			if err := c.Shutdown(context.WithoutCancel(ctx)); err != nil {
				t.Fatal(err)
			}
			checkStats(t, s.Stats())
			checkTrace(t, jaeger, s.ID())
		})
	}
}

// checkStats: two model calls and one tool call, each counted once.
func checkStats(t *testing.T, st otelagentops.Stats) {
	t.Helper()
	wantOut := int64(llmserver.ToolCompletionTokens + llmserver.CompletionTokens)
	if st.LLMCalls != 2 || st.ToolCalls != 1 || st.InputTokens != 2*llmserver.PromptTokens || st.OutputTokens != wantOut ||
		st.CacheReadTokens != 2*llmserver.CachedTokens || st.Errors != 0 {
		t.Errorf("stats %+v, want 2 LLM calls, 1 tool call, %d input (%d cached) and %d output tokens, no error",
			st, 2*llmserver.PromptTokens, 2*llmserver.CachedTokens, wantOut)
	}
}

// checkTrace reads the session back from Jaeger: session → agent →
// {LLM call, tool, LLM call}, five spans, no other.
func checkTrace(t *testing.T, jaeger *backend.Jaeger, id otelagentops.SessionID) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tr, err := jaeger.WaitTrace(ctx, id.TraceID().String(), 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Spans) != 5 {
		for _, s := range tr.Spans {
			t.Logf("span %q %s parent %s", s.Name, s.SpanID, s.ParentSpanID)
		}
		t.Fatalf("Jaeger has %d spans, want 5: session, agent, 2 LLM calls, tool", len(tr.Spans))
	}
	roots := tr.Roots()
	if len(roots) != 1 || roots[0].Attributes[string(semconv.AgentOpsSpanKindKey)] != string(semconv.SpanKindSession) {
		t.Fatalf("want one root, the session's; got %d", len(roots))
	}
	under := tr.Children(roots[0].SpanID)
	if len(under) != 1 || under[0].Name != "invoke_agent weather-agent" {
		t.Fatalf("under the session: %d spans, want the agent span", len(under))
	}
	kinds := map[string]int{}
	for _, s := range tr.Children(under[0].SpanID) {
		kinds[s.Attributes[string(semconv.AgentOpsSpanKindKey)].(string)]++
		if s.Attributes[string(semconv.AgentOpsSpanKindKey)] == string(semconv.SpanKindLLM) && s.Name != "chat gpt-4o-mini" {
			t.Errorf("LLM span named %q", s.Name)
		}
		if s.Attributes[string(semconv.AgentOpsSpanKindKey)] == string(semconv.SpanKindTool) && s.Name != "execute_tool "+llmserver.ToolName {
			t.Errorf("tool span named %q", s.Name)
		}
	}
	if kinds[string(semconv.SpanKindLLM)] != 2 || kinds[string(semconv.SpanKindTool)] != 1 {
		t.Errorf("under the agent: %v, want 2 LLM calls and 1 tool", kinds)
	}
}
