package e2e_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

// The real openai-go client, with the middleware, against the local server.

func newOpenAI(r *llmRun, opts ...option.RequestOption) openai.Client {
	base := []option.RequestOption{option.WithBaseURL(r.srv.URL + "/v1/"), option.WithAPIKey("sk-test"),
		option.WithMiddleware(llmhttp.Middleware())}
	return openai.NewClient(append(base, opts...)...)
}

func chatParams(stream bool) openai.ChatCompletionNewParams {
	p := openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4oMini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Be terse."), openai.UserMessage("Weather in Paris?")},
	}
	if stream {
		p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	}
	return p
}

// gpt4oMiniUsage is what the server reports for a text reply.
var gpt4oMiniUsage = pricing.Usage{InputTokens: llmserver.PromptTokens, OutputTokens: llmserver.CompletionTokens, CacheReadTokens: llmserver.CachedTokens}

// chatInput is the recorded gen_ai.input.messages of chatParams: the chat
// API's system message stays a message (it is not given apart).
var chatInput = []any{llmMsg("system", "Be terse.", ""), llmMsg("user", "Weather in Paris?", "")}

// replyOutput is the recorded gen_ai.output.messages of the server's text
// reply (finish reason "stop").
var replyOutput = []any{llmMsg("assistant", llmserver.Reply, "stop")}

func TestLLMOpenAIGoChat(t *testing.T) {
	r := newLLMRun(t)
	client := newOpenAI(r)
	resp, err := client.Chat.Completions.New(r.ctx, chatParams(false))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != llmserver.Reply {
		t.Errorf("reply %q", resp.Choices[0].Message.Content)
	}
	s := r.only(t)
	if s.Name() != "chat gpt-4o-mini" {
		t.Errorf("span name %q", s.Name())
	}
	llmWant(t, s, map[attribute.Key]any{
		keyProvider: "openai", keyReqModel: "gpt-4o-mini", keyRespModel: "gpt-4o-mini-2024-07-18",
		keyInput: llmserver.PromptTokens, keyOutput: llmserver.CompletionTokens, keyCacheRead: llmserver.CachedTokens,
		keyFinishes: []string{"stop"}, keyStatus: 200,
	})
	llmWantAbsent(t, s, keyStream) // recorded only when true
	llmWantJSON(t, s, keyInMsgs, chatInput)
	llmWantJSON(t, s, keyOutMsgs, replyOutput)
	llmWantStatus(t, s, codes.Unset)
	// What the AgentOps exporter sends: the AgentOps vocabulary.
	llmWantView(t, s, map[attribute.Key]any{
		keySystem: "openai", keyPrompt: llmserver.PromptTokens, keyTotal: llmserver.PromptTokens + llmserver.CompletionTokens,
		keyViewCacheRead: llmserver.CachedTokens, keyFinish: "stop", keyStreaming: false,
		semconv.GenAIPromptContentKey(1):     "Weather in Paris?",
		semconv.GenAICompletionContentKey(0): llmserver.Reply,
	})
	llmWantViewStatus(t, s, codes.Ok)
	st := r.session.Stats()
	if st.LLMCalls != 1 || st.InputTokens != llmserver.PromptTokens || st.CacheReadTokens != llmserver.CachedTokens || st.UnpricedLLMCalls != 0 {
		t.Errorf("stats %+v", st)
	}
	llmWantCost(t, st, "gpt-4o-mini-2024-07-18", gpt4oMiniUsage)
}

func TestLLMOpenAIGoStream(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params openai.ChatCompletionNewParams
		opts   []llmhttp.Option
	}{
		{"include_usage by the caller", chatParams(true), nil},
		{"include_usage by the middleware", chatParams(false), []llmhttp.Option{llmhttp.WithIncludeStreamUsage()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newLLMRun(t)
			client := openai.NewClient(option.WithBaseURL(r.srv.URL+"/v1/"), option.WithAPIKey("sk-test"),
				option.WithMiddleware(llmhttp.Middleware(tc.opts...)))
			stream := client.Chat.Completions.NewStreaming(r.ctx, tc.params)
			var acc openai.ChatCompletionAccumulator
			for stream.Next() {
				acc.AddChunk(stream.Current())
			}
			if err := stream.Err(); err != nil {
				t.Fatal(err)
			}
			if acc.Choices[0].Message.Content != llmserver.Reply || acc.Usage.PromptTokens != llmserver.PromptTokens {
				t.Errorf("accumulated %q, usage %+v", acc.Choices[0].Message.Content, acc.Usage)
			}
			s := r.only(t)
			llmWant(t, s, map[attribute.Key]any{
				keyRespModel: "gpt-4o-mini-2024-07-18", keyStream: true, keyInput: llmserver.PromptTokens,
				keyOutput: llmserver.CompletionTokens, keyFinishes: []string{"stop"},
			})
			llmWantJSON(t, s, keyOutMsgs, replyOutput)
			if llmHasAttr(s, keyIncomplete) || !llmHasAttr(s, keyTTFC) {
				t.Error("want a complete stream with a time to first chunk")
			}
			llmWantView(t, s, map[attribute.Key]any{keyStreaming: true, keyPrompt: llmserver.PromptTokens,
				keyCompletion: llmserver.CompletionTokens, keyFinish: "stop", semconv.GenAICompletionContentKey(0): llmserver.Reply})
			llmWantCost(t, r.session.Stats(), "gpt-4o-mini", gpt4oMiniUsage)
		})
	}
}

func TestLLMOpenAIGoToolCalls(t *testing.T) {
	r := newLLMRun(t)
	client := newOpenAI(r)
	params := chatParams(false)
	params.Tools = []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{
		Name: llmserver.ToolName, Parameters: openai.FunctionParameters{"type": "object",
			"properties": map[string]any{"location": map[string]string{"type": "string"}}},
	})}
	first, err := client.Chat.Completions.New(r.ctx, params)
	if err != nil {
		t.Fatal(err)
	}
	call := first.Choices[0].Message.ToolCalls[0]
	params.Messages = append(params.Messages, first.Choices[0].Message.ToParam(), openai.ToolMessage("15°C, sunny", call.ID))
	if _, err := client.Chat.Completions.New(r.ctx, params); err != nil {
		t.Fatal(err)
	}
	spans := r.spans(t)
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	// The provider's raw finish reason is recorded; the message carries the
	// schema's.
	llmWant(t, spans[0], map[attribute.Key]any{keyFinishes: []string{"tool_calls"}, keyOutput: llmserver.ToolCompletionTokens})
	out := llmAttr(spans[0], keyOutMsgs)
	if !strings.Contains(out, `"type":"tool_call"`) || !strings.Contains(out, `"name":"get_weather"`) {
		t.Errorf("output messages %s", out)
	}
	llmWantJSON(t, spans[0], keyOutMsgs, []any{map[string]any{"role": "assistant", "finish_reason": "tool_call",
		"parts": []any{llmToolCall(call.ID, llmserver.ToolName, llmserver.ToolArguments)}}})
	llmWantView(t, spans[0], map[attribute.Key]any{keyFinish: "tool_calls", keyCompletion: llmserver.ToolCompletionTokens})
	llmWant(t, spans[1], map[attribute.Key]any{keyFinishes: []string{"stop"}})
	if in := llmAttr(spans[1], keyInMsgs); !strings.Contains(in, `"tool_call_response"`) {
		t.Errorf("input messages %s", in)
	}
	llmWantJSON(t, spans[1], keyInMsgs, append(append([]any{}, chatInput...),
		map[string]any{"role": "assistant", "parts": []any{llmToolCall(call.ID, llmserver.ToolName, llmserver.ToolArguments)}},
		llmToolResult(call.ID, "15°C, sunny")))
	llmWantView(t, spans[1], map[attribute.Key]any{keyFinish: "stop", semconv.GenAIPromptRoleKey(3): "tool",
		semconv.GenAIPromptContentKey(3): "15°C, sunny"})
}

func TestLLMOpenAIGoRetry(t *testing.T) {
	r := newLLMRun(t)
	r.srv.Push(llmserver.Fault{Status: 429})
	client := newOpenAI(r)
	if _, err := client.Chat.Completions.New(r.ctx, chatParams(false)); err != nil {
		t.Fatal(err)
	}
	spans := r.spans(t)
	if len(spans) != 2 {
		t.Fatalf("%d spans, want one per attempt", len(spans))
	}
	llmWantStatus(t, spans[0], codes.Error)
	llmWant(t, spans[0], map[attribute.Key]any{keyErrorType: "429", keyStatus: 429})
	if llmHasAttr(spans[0], keyInput) {
		t.Error("the 429 attempt reported no usage, yet records input tokens")
	}
	// openai-go closes a response it retries without reading it, and llmhttp
	// reads nothing ahead: the message is the status alone, no body excerpt.
	if msg := llmAttr(spans[0], semconv.ErrorMessageKey); msg != "HTTP 429 Too Many Requests" || llmHasAttr(spans[0], keyResend) {
		t.Errorf("first attempt: error message %q; want the status alone and no resend count", msg)
	}
	llmWantStatus(t, spans[1], codes.Unset)
	llmWant(t, spans[1], map[attribute.Key]any{keyResend: 1, keyStatus: 200, keyInput: llmserver.PromptTokens})
	if st := r.session.Stats(); st.LLMCalls != 2 || st.Errors != 1 || st.InputTokens != llmserver.PromptTokens {
		t.Errorf("stats %+v", st)
	}
}

func TestLLMOpenAIGoServerError(t *testing.T) {
	r := newLLMRun(t)
	r.srv.Push(llmserver.Fault{Status: 500})
	client := newOpenAI(r, option.WithMaxRetries(0))
	_, err := client.Chat.Completions.New(r.ctx, chatParams(false))
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || !strings.Contains(apiErr.Message, "server had an error") {
		t.Fatalf("caller got %v; want the API error, body intact", err)
	}
	s := r.only(t)
	llmWantStatus(t, s, codes.Error)
	llmWant(t, s, map[attribute.Key]any{keyErrorType: "500", keyStatus: 500})
}

func TestLLMOpenAIGoStreamCut(t *testing.T) {
	r := newLLMRun(t)
	r.srv.Push(llmserver.Fault{CutAfter: 4})
	client := newOpenAI(r, option.WithMaxRetries(0))
	stream := client.Chat.Completions.NewStreaming(r.ctx, chatParams(true))
	n := 0
	for stream.Next() {
		n++
	}
	if stream.Err() == nil || n != 4 {
		t.Errorf("caller read %d chunks, err %v; want 4 and the cut", n, stream.Err())
	}
	_ = stream.Close()
	s := r.only(t)
	llmWant(t, s, map[attribute.Key]any{keyIncomplete: true, keyErrorType: "unexpected_eof"})
	llmWantJSON(t, s, keyOutMsgs, []any{llmMsg("assistant", "Paris is the", "error")})
	if llmHasAttr(s, keyInput) {
		t.Error("the cut stream never reported usage, yet records input tokens")
	}
	llmWantStatus(t, s, codes.Error)
	llmWantView(t, s, map[attribute.Key]any{semconv.GenAICompletionContentKey(0): "Paris is the"})
	if v := exporter.AgentOpsView(s); llmHasAttr(v, keyPrompt) {
		t.Error("the cut stream never reported usage, yet the AgentOps view sends prompt tokens")
	}
	llmWantViewStatus(t, s, codes.Error)
}

func TestLLMOpenAIGoResponses(t *testing.T) {
	r := newLLMRun(t)
	client := newOpenAI(r)
	params := responses.ResponseNewParams{Model: "gpt-4o-mini", Instructions: openai.String("Be terse."),
		Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Weather in Paris?")}}
	resp, err := client.Responses.New(r.ctx, params)
	if err != nil {
		t.Fatal(err)
	}
	stream := client.Responses.NewStreaming(r.ctx, params)
	var text strings.Builder
	for stream.Next() {
		if ev := stream.Current(); ev.Type == "response.output_text.delta" {
			text.WriteString(ev.Delta)
		}
	}
	if err := stream.Err(); err != nil || resp.OutputText() != llmserver.Reply || text.String() != llmserver.Reply {
		t.Fatalf("err %v, reply %q, streamed %q", err, resp.OutputText(), text.String())
	}
	for _, s := range r.spans(t) {
		llmWant(t, s, map[attribute.Key]any{keyRespModel: "gpt-4o-mini-2024-07-18", keyInput: llmserver.PromptTokens,
			keyOutput: llmserver.CompletionTokens, keyCacheRead: llmserver.CachedTokens, keyFinishes: []string{"stop"}})
		// The instructions are given apart from the input.
		llmWantJSON(t, s, keySysInstr, []any{map[string]any{"type": "text", "content": "Be terse."}})
		llmWantJSON(t, s, keyInMsgs, []any{llmMsg("user", "Weather in Paris?", "")})
		llmWantJSON(t, s, keyOutMsgs, replyOutput)
		llmWantView(t, s, map[attribute.Key]any{keyFinish: "stop", keyViewCacheRead: llmserver.CachedTokens,
			semconv.GenAIPromptRoleKey(0): "system", semconv.GenAIPromptContentKey(0): "Be terse.",
			semconv.GenAIPromptContentKey(1): "Weather in Paris?", semconv.GenAICompletionContentKey(0): llmserver.Reply})
	}
	if st := r.session.Stats(); st.LLMCalls != 2 || st.CostUSD <= 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestLLMOpenAIGoEmbeddingsAndUnpriced(t *testing.T) {
	r := newLLMRun(t)
	client := newOpenAI(r)
	if _, err := client.Embeddings.New(r.ctx, openai.EmbeddingNewParams{Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"a", "b"}}}); err != nil {
		t.Fatal(err)
	}
	params := chatParams(false)
	params.Model = "acme-local-llm-7b"
	if _, err := client.Chat.Completions.New(r.ctx, params); err != nil {
		t.Fatal(err)
	}
	spans := r.spans(t)
	if len(spans) != 2 || spans[0].Name() != "embeddings text-embedding-3-small" || spans[1].Name() != "chat acme-local-llm-7b" {
		t.Fatalf("spans %v", spans)
	}
	llmWant(t, spans[0], map[attribute.Key]any{keyInput: llmserver.EmbeddingTokens, keyOperation: "embeddings"})
	llmWantView(t, spans[0], map[attribute.Key]any{keyPrompt: llmserver.EmbeddingTokens, keyRequestType: "embedding"})
	llmWantView(t, spans[1], map[attribute.Key]any{keyRequestType: "chat"})
	st := r.session.Stats()
	if st.LLMCalls != 2 || st.UnpricedLLMCalls != 1 || st.CostUSD <= 0 {
		t.Errorf("stats %+v: want the embedding priced and the unknown model unpriced", st)
	}
}

// TestLLMOpenAIGoStreamWithoutUsage: a stream the provider sent without
// usage (no include_usage) is counted as an unpriced call, not as $0.
func TestLLMOpenAIGoStreamWithoutUsage(t *testing.T) {
	r := newLLMRun(t)
	client := newOpenAI(r)
	stream := client.Chat.Completions.NewStreaming(r.ctx, chatParams(false))
	for stream.Next() {
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	s := r.only(t)
	if llmHasAttr(s, keyInput) {
		t.Error("a stream without usage recorded input tokens")
	}
	if st := r.session.Stats(); st.LLMCalls != 1 || st.UnpricedLLMCalls != 1 || st.CostUSD != 0 {
		t.Errorf("stats %+v, want one unpriced call", st)
	}
}
