package oteleino

import (
	"context"
	"net/http"
	"testing"

	"github.com/cloudwego/eino-ext/components/model/openai"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent/react"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/internal/sessiontest"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

const testModel = "gpt-4o-mini"

// weatherTool is the answer of the agents' tool.
const weatherTool = "sunny, 21 degrees"

// recorded is a client recording into a span recorder, with one session.
type recorded struct {
	client  *otelagentops.Client
	rec     *tracetest.SpanRecorder
	session *otelagentops.Session
	ctx     context.Context // carries the session
}

func newRecorded(t testing.TB, opts ...otelagentops.Option) *recorded {
	t.Helper()
	x := sessiontest.New(t, opts...)
	return &recorded{client: x.Client, rec: x.Spans, session: x.Session, ctx: x.Ctx}
}

// spans returns the ended spans but the session's root, by name.
func (r *recorded) spans() map[string][]sdktrace.ReadOnlySpan {
	out := map[string][]sdktrace.ReadOnlySpan{}
	for _, s := range r.rec.Ended() {
		if attr(s, semconv.AgentOpsSpanKindKey).AsString() != string(semconv.SpanKindSession) {
			out[s.Name()] = append(out[s.Name()], s)
		}
	}
	return out
}

// httpClient returns an HTTP client of its own (closed at cleanup), wrapped
// with llmhttp recording with c when c is not nil.
func httpClient(t testing.TB, c *otelagentops.Client) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	if c == nil {
		return &http.Client{Transport: tr}
	}
	return &http.Client{Transport: llmhttp.NewTransport(tr, llmhttp.WithClient(c))}
}

// newModel returns eino-ext's OpenAI chat model on the fake server.
func newModel(t testing.TB, srv *fakeModel, hc *http.Client) *openai.ChatModel {
	t.Helper()
	cm, err := openai.NewChatModel(context.Background(), &openai.ChatModelConfig{
		APIKey: "test-key", BaseURL: srv.URL + "/v1", Model: testModel, HTTPClient: hc,
	})
	if err != nil {
		t.Fatal(err)
	}
	return cm
}

type weatherInput struct {
	Location string `json:"location" jsonschema:"description=the city"`
}

// newAgent returns an Eino ReAct agent with one tool, get_weather, on
// eino-ext's OpenAI chat model talking to srv through hc.
func newAgent(t testing.TB, srv *fakeModel, hc *http.Client) *react.Agent {
	t.Helper()
	weather, err := utils.InferTool(toolName, "The weather in a city", func(_ context.Context, in weatherInput) (string, error) {
		return weatherTool, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	agent, err := react.NewAgent(context.Background(), &react.AgentConfig{
		ToolCallingModel: newModel(t, srv, hc),
		ToolsConfig:      compose.ToolsNodeConfig{Tools: []tool.BaseTool{weather}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return agent
}
