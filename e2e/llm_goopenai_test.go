package e2e_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	goopenai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

// The real go-openai client, over an http.Client with the Transport,
// against the local server.

func newGoOpenAI(t *testing.T, r *llmRun, opts ...llmhttp.Option) *goopenai.Client {
	cfg := goopenai.DefaultConfig("sk-test")
	cfg.BaseURL = r.srv.URL + "/v1"
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	cfg.HTTPClient = &http.Client{Transport: llmhttp.NewTransport(transport, opts...)}
	return goopenai.NewClientWithConfig(cfg)
}

func goChatRequest() goopenai.ChatCompletionRequest {
	return goopenai.ChatCompletionRequest{Model: goopenai.GPT4oMini, Messages: []goopenai.ChatCompletionMessage{
		{Role: goopenai.ChatMessageRoleSystem, Content: "Be terse."}, {Role: goopenai.ChatMessageRoleUser, Content: "Weather in Paris?"}}}
}

func TestLLMGoOpenAIChat(t *testing.T) {
	r := newLLMRun(t)
	client := newGoOpenAI(t, r)
	resp, err := client.CreateChatCompletion(r.ctx, goChatRequest())
	if err != nil || resp.Choices[0].Message.Content != llmserver.Reply {
		t.Fatalf("err %v, resp %+v", err, resp)
	}
	s := r.only(t)
	llmWant(t, s, map[attribute.Key]any{keyProvider: "openai", keyReqModel: "gpt-4o-mini", keyRespModel: "gpt-4o-mini-2024-07-18",
		keyInput: llmserver.PromptTokens, keyOutput: llmserver.CompletionTokens, keyFinishes: []string{"stop"}})
	llmWantJSON(t, s, keyInMsgs, chatInput)
	llmWantJSON(t, s, keyOutMsgs, replyOutput)
	llmWantView(t, s, map[attribute.Key]any{keySystem: "openai", keyPrompt: llmserver.PromptTokens, keyFinish: "stop",
		semconv.GenAICompletionContentKey(0): llmserver.Reply})
	llmWantCost(t, r.session.Stats(), "gpt-4o-mini", gpt4oMiniUsage)
}

func TestLLMGoOpenAIStream(t *testing.T) {
	r := newLLMRun(t)
	client := newGoOpenAI(t, r)
	req := goChatRequest()
	req.Stream, req.StreamOptions = true, &goopenai.StreamOptions{IncludeUsage: true}
	stream, err := client.CreateChatCompletionStream(r.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(chunk.Choices) > 0 {
			text.WriteString(chunk.Choices[0].Delta.Content)
		}
	}
	_ = stream.Close()
	if text.String() != llmserver.Reply {
		t.Errorf("streamed %q", text.String())
	}
	s := r.only(t)
	llmWant(t, s, map[attribute.Key]any{keyStream: true, keyInput: llmserver.PromptTokens, keyOutput: llmserver.CompletionTokens})
	llmWantJSON(t, s, keyOutMsgs, replyOutput)
	llmWantView(t, s, map[attribute.Key]any{keyStreaming: true, keyPrompt: llmserver.PromptTokens,
		keyCompletion: llmserver.CompletionTokens, semconv.GenAICompletionContentKey(0): llmserver.Reply})
	if llmHasAttr(s, keyIncomplete) {
		t.Error("complete stream marked incomplete")
	}
	llmWantCost(t, r.session.Stats(), "gpt-4o-mini", gpt4oMiniUsage)
}

func TestLLMGoOpenAIToolCallAndErrors(t *testing.T) {
	r := newLLMRun(t)
	client := newGoOpenAI(t, r)
	req := goChatRequest()
	req.Tools = []goopenai.Tool{{Type: goopenai.ToolTypeFunction, Function: &goopenai.FunctionDefinition{
		Name: llmserver.ToolName, Parameters: map[string]any{"type": "object"}}}}
	resp, err := client.CreateChatCompletion(r.ctx, req)
	if err != nil || resp.Choices[0].Message.ToolCalls[0].Function.Arguments != llmserver.ToolArguments {
		t.Fatalf("err %v, resp %+v", err, resp)
	}

	r.srv.Push(llmserver.Fault{Status: 429}, llmserver.Fault{Status: 500})
	for _, code := range []int{429, 500} {
		_, err := client.CreateChatCompletion(r.ctx, goChatRequest())
		var apiErr *goopenai.APIError
		if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != code {
			t.Errorf("caller got %v, want the %d API error", err, code)
		}
	}
	spans := r.spans(t)
	if len(spans) != 3 {
		t.Fatalf("%d spans", len(spans))
	}
	llmWant(t, spans[0], map[attribute.Key]any{keyFinishes: []string{"tool_calls"}, keyOutput: llmserver.ToolCompletionTokens})
	llmWantJSON(t, spans[0], keyOutMsgs, []any{map[string]any{"role": "assistant", "finish_reason": "tool_call",
		"parts": []any{llmToolCall(resp.Choices[0].Message.ToolCalls[0].ID, llmserver.ToolName, llmserver.ToolArguments)}}})
	llmWantView(t, spans[0], map[attribute.Key]any{keyFinish: "tool_calls", keyCompletion: llmserver.ToolCompletionTokens})
	for i, code := range []string{"429", "500"} {
		llmWantStatus(t, spans[i+1], codes.Error)
		llmWant(t, spans[i+1], map[attribute.Key]any{keyErrorType: code})
	}
	if st := r.session.Stats(); st.LLMCalls != 3 || st.Errors != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestLLMGoOpenAIStreamCut(t *testing.T) {
	r := newLLMRun(t)
	r.srv.Push(llmserver.Fault{CutAfter: 3})
	req := goChatRequest()
	req.Stream = true
	stream, err := newGoOpenAI(t, r).CreateChatCompletionStream(r.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = stream.Recv()
	}
	_ = stream.Close()
	if errors.Is(err, io.EOF) {
		t.Error("want the cut to reach the caller, not a clean end")
	}
	s := r.only(t)
	llmWantStatus(t, s, codes.Error)
	llmWant(t, s, map[attribute.Key]any{keyIncomplete: true, keyErrorType: "unexpected_eof"})
	llmWantJSON(t, s, keyOutMsgs, []any{llmMsg("assistant", "Paris is", "error")})
	llmWantView(t, s, map[attribute.Key]any{semconv.GenAICompletionContentKey(0): "Paris is"})
	llmWantViewStatus(t, s, codes.Error)
}
