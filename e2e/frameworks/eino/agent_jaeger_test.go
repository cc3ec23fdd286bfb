// Package eino_test runs a real Eino ReAct agent (eino-ext's OpenAI chat
// model on a fake OpenAI server on loopback, one tool) inside a session
// recorded by oteleino's handler, with llmhttp on the model's HTTP client
// too, and exports it to a real Jaeger.
package eino_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/cloudwego/eino-ext/components/model/openai"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	oteleino "github.com/agentops-go/sdk/instrumentation/eino"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

const weatherReport = "sunny, 21 degrees"

// TestReactAgentToJaeger runs the agent twice in one session, once with
// Generate and once with Stream, and checks the session's stats and the
// trace Jaeger returns: session → agent → LLM calls and ToolsNode → tool,
// each LLM call once although llmhttp wraps the model's HTTP client.
func TestReactAgentToJaeger(t *testing.T) {
	for _, name := range []string{"AGENTOPS_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_RESOURCE_ATTRIBUTES"} {
		t.Setenv(name, "")
	}
	jaeger := backend.StartJaeger(t)
	srv := llmserver.New(t)
	ctx := t.Context()
	c, err := otelagentops.New(ctx, otelagentops.WithOTLPEndpoint(jaeger.OTLPHTTPEndpoint()),
		otelagentops.WithServiceName("agentops-e2e-eino"), otelagentops.WithoutSessionSink(),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	sctx, session, err := c.StartSession(ctx, otelagentops.WithSessionName("eino"))
	if err != nil {
		t.Fatal(err)
	}

	h := oteleino.NewHandler(oteleino.WithClient(c))
	a := newAgent(t, srv.URL, llmhttpClient(t, c))
	opt := agent.WithComposeOptions(compose.WithCallbacks(h))
	in := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	out, err := a.Generate(sctx, in, opt)
	if err != nil {
		t.Fatal(err)
	}
	if out.Content != llmserver.Reply {
		t.Errorf("Generate answered %q, want %q", out.Content, llmserver.Reply)
	}
	if answer := stream(t, a, sctx, in, opt); answer != llmserver.Reply {
		t.Errorf("Stream answered %q, want %q", answer, llmserver.Reply)
	}
	if err := h.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}

	st := session.Stats()
	wantIn := int64(4 * llmserver.PromptTokens)
	wantOut := int64(2 * (llmserver.ToolCompletionTokens + llmserver.CompletionTokens))
	if st.LLMCalls != 4 || st.ToolCalls != 2 || st.Errors != 0 || st.InputTokens != wantIn || st.OutputTokens != wantOut {
		t.Errorf("stats %+v, want 4 LLM calls, 2 tool calls, no error, %d input and %d output tokens", st, wantIn, wantOut)
	}
	if len(srv.Requests()) != 4 {
		t.Errorf("%d model requests, want 4", len(srv.Requests()))
	}
	if err := session.End(sctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.WithoutCancel(ctx)); err != nil {
		t.Fatal(err)
	}

	// The session root, and per run: the agent, two LLM calls, the
	// ToolsNode and the tool.
	const wantSpans = 1 + 2*5
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	tr, err := jaeger.WaitTrace(wctx, session.ID().TraceID().String(), wantSpans)
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, tr, wantSpans)
}

// checkTree checks the trace: one root, the session; two agents under it;
// under each agent two LLM calls and the ToolsNode task, with the tool
// call under the task; no other span.
func checkTree(t *testing.T, tr backend.Trace, wantSpans int) {
	t.Helper()
	if len(tr.Spans) != wantSpans {
		t.Errorf("Jaeger has %d spans, want %d", len(tr.Spans), wantSpans)
	}
	roots := tr.Roots()
	if len(roots) != 1 || kind(roots[0]) != "session" {
		t.Fatalf("roots %v, want the session", names(roots))
	}
	agents := tr.Children(roots[0].SpanID)
	if len(agents) != 2 {
		t.Fatalf("under the session: %v, want two agent runs", names(agents))
	}
	for _, ag := range agents {
		if ag.Name != "invoke_agent ReActAgent" || kind(ag) != "agent" {
			t.Errorf("span %q of kind %q under the session, want the agent", ag.Name, kind(ag))
		}
		var llms, tasks int
		for _, ch := range tr.Children(ag.SpanID) {
			switch kind(ch) {
			case "llm":
				llms++
				if ch.Attributes[string(semconv.GenAIUsageInputTokensKey)] != int64(llmserver.PromptTokens) {
					t.Errorf("LLM span %q input tokens %v, want %d", ch.Name, ch.Attributes[string(semconv.GenAIUsageInputTokensKey)], llmserver.PromptTokens)
				}
			case "task":
				tasks++
				tools := tr.Children(ch.SpanID)
				if len(tools) != 1 || kind(tools[0]) != "tool" || tools[0].Attributes[string(semconv.GenAIToolCallResultKey)] != weatherReport {
					t.Errorf("under the ToolsNode %q: %v, want the get_weather call", ch.Name, names(tools))
				}
			default:
				t.Errorf("unexpected span %q of kind %q under the agent", ch.Name, kind(ch))
			}
		}
		if llms != 2 || tasks != 1 {
			t.Errorf("agent has %d LLM calls and %d tasks, want 2 and 1", llms, tasks)
		}
	}
}

func kind(s backend.Span) string {
	k, _ := s.Attributes[string(semconv.AgentOpsSpanKindKey)].(string)
	return k
}

func names(spans []backend.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name
	}
	return out
}

// stream runs the agent with Stream and reads the answer to its end.
func stream(t *testing.T, a *react.Agent, ctx context.Context, in []*schema.Message, opts ...agent.AgentOption) string {
	t.Helper()
	sr, err := a.Stream(ctx, in, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer sr.Close()
	var answer string
	for {
		m, err := sr.Recv()
		if errors.Is(err, io.EOF) {
			return answer
		}
		if err != nil {
			t.Fatal(err)
		}
		answer += m.Content
	}
}

// llmhttpClient is an HTTP client of its own, wrapped with llmhttp.
func llmhttpClient(t *testing.T, c *otelagentops.Client) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: llmhttp.NewTransport(tr, llmhttp.WithClient(c))}
}

type weatherInput struct {
	Location string `json:"location"`
	Unit     string `json:"unit"`
}

// newAgent is an Eino ReAct agent with one tool, get_weather, on
// eino-ext's OpenAI chat model talking to the server at baseURL.
func newAgent(t *testing.T, baseURL string, hc *http.Client) *react.Agent {
	t.Helper()
	cm, err := openai.NewChatModel(t.Context(), &openai.ChatModelConfig{
		APIKey: "test-key", BaseURL: baseURL + "/v1", Model: "gpt-4o-mini", HTTPClient: hc,
	})
	if err != nil {
		t.Fatal(err)
	}
	weather, err := utils.InferTool(llmserver.ToolName, "The weather in a city", func(_ context.Context, in weatherInput) (string, error) {
		if in.Location == "" {
			return "", errors.New("no location")
		}
		return weatherReport, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := react.NewAgent(t.Context(), &react.AgentConfig{
		ToolCallingModel: cm,
		ToolsConfig:      compose.ToolsNodeConfig{Tools: []tool.BaseTool{weather}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
