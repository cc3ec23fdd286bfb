package e2e_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

// The real anthropic-sdk-go client, with the middleware, against the local
// server.

const claudeModel = "claude-sonnet-4-20250514"

func newAnthropic(r *llmRun, opts ...option.RequestOption) anthropic.Client {
	base := []option.RequestOption{option.WithBaseURL(r.srv.URL), option.WithAPIKey("sk-ant-test"),
		option.WithMiddleware(llmhttp.Middleware())}
	return anthropic.NewClient(append(base, opts...)...)
}

func messageParams() anthropic.MessageNewParams {
	return anthropic.MessageNewParams{
		Model: claudeModel, MaxTokens: 1024, System: []anthropic.TextBlockParam{{Text: "Be terse."}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Weather in Paris?"))},
	}
}

// claudeUsage is what the server reports, with the cache tokens added to
// the input as the SDK records them.
var claudeUsage = pricing.Usage{
	InputTokens:     llmserver.AnthropicInputTokens + llmserver.AnthropicCacheReadTokens + llmserver.AnthropicCacheWriteTokens,
	OutputTokens:    llmserver.AnthropicOutputTokens,
	CacheReadTokens: llmserver.AnthropicCacheReadTokens, CacheWriteTokens: llmserver.AnthropicCacheWriteTokens,
}

// claudeAttrs are the attributes of a successful call.
var claudeAttrs = map[attribute.Key]any{
	keyProvider: "anthropic", keySystem: "anthropic", keyReqModel: claudeModel, keyRespModel: claudeModel,
	keyInput: claudeUsage.InputTokens, keyPrompt: claudeUsage.InputTokens, keyOutput: llmserver.AnthropicOutputTokens,
	keyCacheRead: llmserver.AnthropicCacheReadTokens, keyCacheWrite: llmserver.AnthropicCacheWriteTokens,
	keyTotal: claudeUsage.InputTokens + llmserver.AnthropicOutputTokens, keyFinish: "end_turn",
	semconv.GenAIPromptContentKey(0): "Be terse.", semconv.GenAIPromptContentKey(1): "Weather in Paris?",
	semconv.GenAICompletionContentKey(0): llmserver.Reply, semconv.GenAIRequestMaxTokensKey: 1024,
}

func TestLLMAnthropicMessages(t *testing.T) {
	r := newLLMRun(t)
	client := newAnthropic(r)
	msg, err := client.Messages.New(r.ctx, messageParams())
	if err != nil {
		t.Fatal(err)
	}
	if msg.Content[0].Text != llmserver.Reply {
		t.Errorf("reply %q", msg.Content[0].Text)
	}
	s := r.only(t)
	if s.Name() != "chat "+claudeModel {
		t.Errorf("span name %q", s.Name())
	}
	llmWant(t, s, claudeAttrs)
	llmWant(t, s, map[attribute.Key]any{keyStream: false})
	st := r.session.Stats()
	if st.LLMCalls != 1 || st.CacheWriteTokens != llmserver.AnthropicCacheWriteTokens || st.UnpricedLLMCalls != 0 {
		t.Errorf("stats %+v", st)
	}
	llmWantCost(t, st, claudeModel, claudeUsage)
}

func TestLLMAnthropicStream(t *testing.T) {
	r := newLLMRun(t)
	client := newAnthropic(r)
	stream := client.Messages.NewStreaming(r.ctx, messageParams())
	var msg anthropic.Message
	for stream.Next() {
		if err := msg.Accumulate(stream.Current()); err != nil {
			t.Fatal(err)
		}
	}
	if err := stream.Err(); err != nil || msg.Content[0].Text != llmserver.Reply {
		t.Fatalf("err %v, reply %+v", err, msg.Content)
	}
	s := r.only(t)
	llmWant(t, s, claudeAttrs)
	llmWant(t, s, map[attribute.Key]any{keyStream: true})
	if llmHasAttr(s, keyIncomplete) || !llmHasAttr(s, semconv.GenAIStreamingTimeToFirstTokenKey) {
		t.Error("want a complete stream with a time to first token")
	}
	llmWantCost(t, r.session.Stats(), claudeModel, claudeUsage)
}

func TestLLMAnthropicToolUse(t *testing.T) {
	r := newLLMRun(t)
	client := newAnthropic(r)
	params := messageParams()
	params.Tools = []anthropic.ToolUnionParam{{OfTool: &anthropic.ToolParam{Name: llmserver.ToolName,
		InputSchema: anthropic.ToolInputSchemaParam{Properties: map[string]any{"location": map[string]string{"type": "string"}}}}}}
	stream := client.Messages.NewStreaming(r.ctx, params)
	var first anthropic.Message
	for stream.Next() {
		_ = first.Accumulate(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	use := first.Content[1]
	params.Messages = append(params.Messages, first.ToParam(),
		anthropic.NewUserMessage(anthropic.NewToolResultBlock(use.ID, "15°C, sunny", false)))
	if _, err := client.Messages.New(r.ctx, params); err != nil {
		t.Fatal(err)
	}
	spans := r.spans(t)
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	llmWant(t, spans[0], map[attribute.Key]any{keyFinish: "tool_use"})
	if out := llmAttr(spans[0], semconv.GenAIOutputMessagesKey); !strings.Contains(out, `"arguments":"{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"`) {
		t.Errorf("streamed tool call arguments: %s", out)
	}
	llmWant(t, spans[1], map[attribute.Key]any{keyFinish: "end_turn", semconv.GenAIPromptRoleKey(3): "tool",
		semconv.GenAIPromptContentKey(3): "15°C, sunny"})
}

func TestLLMAnthropicRetryAndErrors(t *testing.T) {
	r := newLLMRun(t)
	r.srv.Push(llmserver.Fault{Status: 529}, llmserver.Fault{Status: 429})
	client := newAnthropic(r)
	if _, err := client.Messages.New(r.ctx, messageParams()); err != nil {
		t.Fatal(err)
	}
	spans := r.spans(t)
	if len(spans) != 3 {
		t.Fatalf("%d spans, want one per attempt", len(spans))
	}
	for i, code := range []string{"529", "429"} {
		llmWantStatus(t, spans[i], codes.Error)
		llmWant(t, spans[i], map[attribute.Key]any{keyErrorType: code})
	}
	llmWant(t, spans[2], map[attribute.Key]any{keyResend: 2, keyOutput: llmserver.AnthropicOutputTokens})
	if st := r.session.Stats(); st.LLMCalls != 3 || st.Errors != 2 {
		t.Errorf("stats %+v", st)
	}

	r.srv.Push(llmserver.Fault{Status: 500})
	_, err := client.Messages.New(r.ctx, messageParams(), option.WithMaxRetries(0))
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 {
		t.Fatalf("caller got %v", err)
	}
	last := r.spans(t)[3]
	llmWant(t, last, map[attribute.Key]any{keyErrorType: "500", keyStatus: 500})
	if !strings.Contains(llmAttr(last, semconv.ErrorMessageKey), "api_error") {
		t.Errorf("error message %q", llmAttr(last, semconv.ErrorMessageKey))
	}
}

func TestLLMAnthropicStreamCut(t *testing.T) {
	r := newLLMRun(t)
	r.srv.Push(llmserver.Fault{CutAfter: 5})
	client := newAnthropic(r, option.WithMaxRetries(0))
	stream := client.Messages.NewStreaming(r.ctx, messageParams())
	for stream.Next() {
	}
	if stream.Err() == nil {
		t.Error("want the cut to reach the caller")
	}
	_ = stream.Close()
	s := r.only(t)
	llmWantStatus(t, s, codes.Error)
	llmWant(t, s, map[attribute.Key]any{keyIncomplete: true, keyRespModel: claudeModel,
		keyCacheRead: llmserver.AnthropicCacheReadTokens, semconv.GenAICompletionContentKey(0): "Paris is"})
}
