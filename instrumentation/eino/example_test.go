package oteleino_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/cloudwego/eino-ext/components/model/openai"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	oteleino "github.com/agentops-go/sdk/instrumentation/eino"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
)

// fakeOpenAI stands in for api.openai.com: it asks for the weather tool,
// then answers once the tool's result is in the conversation.
func fakeOpenAI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		msg := `{"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function",` +
			`"function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"`
		if strings.Contains(string(body), `"role":"tool"`) {
			msg = `{"role":"assistant","content":"It is sunny in Paris."},"finish_reason":"stop"`
		}
		_, _ = io.WriteString(w, `{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini",`+
			`"choices":[{"index":0,"message":`+msg+`}],"usage":{"prompt_tokens":30,"completion_tokens":8,"total_tokens":38}}`)
	}))
}

// An Eino ReAct agent run with the handler, in a session: the agent, its
// LLM calls, the ToolsNode and the tool call are recorded, and each LLM
// call counts once although llmhttp also wraps the model's HTTP client.
func ExampleNewHandler() {
	srv := fakeOpenAI()
	defer srv.Close()
	rec := tracetest.NewSpanRecorder()
	proc := otelagentops.NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	client, _ := otelagentops.New(context.Background(), otelagentops.WithTracerProvider(tp),
		otelagentops.WithSessionProcessor(proc), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	defer func() { _ = client.Shutdown(context.Background()); _ = tp.Shutdown(context.Background()) }()
	ctx, session, _ := client.StartSession(context.Background())

	chatModel, _ := openai.NewChatModel(ctx, &openai.ChatModelConfig{
		BaseURL: srv.URL + "/v1", APIKey: "sk-test", Model: "gpt-4o-mini",
		HTTPClient: &http.Client{Transport: llmhttp.NewTransport(srv.Client().Transport, llmhttp.WithClient(client))},
	})
	weather, _ := utils.InferTool("get_weather", "The weather in a city",
		func(_ context.Context, in struct{ City string }) (string, error) { return "sunny in " + in.City, nil })
	agentRun, _ := react.NewAgent(ctx, &react.AgentConfig{
		ToolCallingModel: chatModel,
		ToolsConfig:      compose.ToolsNodeConfig{Tools: []tool.BaseTool{weather}},
	})

	h := oteleino.NewHandler(oteleino.WithClient(client)) // or callbacks.AppendGlobalHandlers(h) once at init
	answer, err := agentRun.Generate(ctx, []*schema.Message{schema.UserMessage("Weather in Paris?")},
		agent.WithComposeOptions(compose.WithCallbacks(h)))
	if err != nil {
		panic(err)
	}
	_ = h.ForceFlush(ctx) // only streams need it

	for _, s := range rec.Ended() {
		fmt.Println(s.Name())
	}
	st := session.Stats()
	fmt.Println(answer.Content)
	fmt.Println("LLM calls:", st.LLMCalls, "tools:", st.ToolCalls, "tokens:", st.InputTokens, st.OutputTokens)
	// Output:
	// chat gpt-4o-mini
	// execute_tool get_weather
	// Tools.task
	// chat gpt-4o-mini
	// invoke_agent ReActAgent
	// It is sunny in Paris.
	// LLM calls: 2 tools: 1 tokens: 60 16
}
