package e2e_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/exporter"
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

// claudeAttrs are the recorded attributes of a successful call.
var claudeAttrs = map[attribute.Key]any{
	keyProvider: "anthropic", keyReqModel: claudeModel, keyRespModel: claudeModel,
	keyInput: claudeUsage.InputTokens, keyOutput: llmserver.AnthropicOutputTokens,
	keyCacheRead: llmserver.AnthropicCacheReadTokens, keyCacheWrite: llmserver.AnthropicCacheWriteTokens,
	keyFinishes: []string{"end_turn"}, semconv.GenAIRequestMaxTokensKey: 1024,
}

// claudeViewAttrs are the attributes of a successful call as the AgentOps
// exporter sends it: the system prompt first, then the messages.
var claudeViewAttrs = map[attribute.Key]any{
	keySystem: "anthropic", keyPrompt: claudeUsage.InputTokens, keyCompletion: llmserver.AnthropicOutputTokens,
	keyViewCacheRead: llmserver.AnthropicCacheReadTokens, keyViewCacheWrite: llmserver.AnthropicCacheWriteTokens,
	keyTotal: claudeUsage.InputTokens + llmserver.AnthropicOutputTokens, keyFinish: "end_turn",
	semconv.GenAIPromptRoleKey(0): "system", semconv.GenAIPromptContentKey(0): "Be terse.",
	semconv.GenAIPromptContentKey(1): "Weather in Paris?", semconv.GenAICompletionContentKey(0): llmserver.Reply,
	semconv.GenAIRequestMaxTokensKey: 1024,
}

// claudeWantContent checks the recorded content of a successful call: the
// system prompt as system instructions, apart from the input messages.
func claudeWantContent(t *testing.T, s sdktrace.ReadOnlySpan) {
	t.Helper()
	llmWantJSON(t, s, keySysInstr, []any{map[string]any{"type": "text", "content": "Be terse."}})
	llmWantJSON(t, s, keyInMsgs, []any{llmMsg("user", "Weather in Paris?", "")})
	llmWantJSON(t, s, keyOutMsgs, []any{llmMsg("assistant", llmserver.Reply, "stop")}) // end_turn is the schema's stop
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
	claudeWantContent(t, s)
	llmWantAbsent(t, s, keyStream) // recorded only when true
	llmWantView(t, s, claudeViewAttrs)
	llmWantView(t, s, map[attribute.Key]any{keyStreaming: false})
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
	claudeWantContent(t, s)
	llmWant(t, s, map[attribute.Key]any{keyStream: true})
	if llmHasAttr(s, keyIncomplete) || !llmHasAttr(s, keyTTFC) {
		t.Error("want a complete stream with a time to first chunk")
	}
	llmWantView(t, s, claudeViewAttrs)
	llmWantView(t, s, map[attribute.Key]any{keyStreaming: true})
	if !llmHasAttr(exporter.AgentOpsView(s), keyTTFT) {
		t.Error("the AgentOps view has no time to first token")
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
	// The streamed arguments, accumulated whole, are recorded as the JSON
	// object itself.
	llmWant(t, spans[0], map[attribute.Key]any{keyFinishes: []string{"tool_use"}})
	if out := llmAttr(spans[0], keyOutMsgs); !strings.Contains(out, `"arguments":{"location":"Paris, France","unit":"celsius"}`) {
		t.Errorf("streamed tool call arguments: %s", out)
	}
	toolCall := llmToolCall(use.ID, llmserver.ToolName, llmserver.ToolArguments)
	llmWantJSON(t, spans[0], keyOutMsgs, []any{map[string]any{"role": "assistant", "finish_reason": "tool_call",
		"parts": []any{map[string]any{"type": "text", "content": "I'll check the weather in Paris."}, toolCall}}})
	llmWantView(t, spans[0], map[attribute.Key]any{keyFinish: "tool_use",
		"gen_ai.completion.0.tool_calls.0.name": llmserver.ToolName, "gen_ai.completion.0.tool_calls.0.arguments": llmserver.ToolArguments})
	llmWant(t, spans[1], map[attribute.Key]any{keyFinishes: []string{"end_turn"}})
	llmWantJSON(t, spans[1], keyInMsgs, []any{llmMsg("user", "Weather in Paris?", ""),
		map[string]any{"role": "assistant", "parts": []any{map[string]any{"type": "text", "content": "I'll check the weather in Paris."}, toolCall}},
		llmToolResult(use.ID, "15°C, sunny")})
	llmWantView(t, spans[1], map[attribute.Key]any{keyFinish: "end_turn", semconv.GenAIPromptRoleKey(3): "tool",
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
		keyCacheRead: llmserver.AnthropicCacheReadTokens})
	llmWantJSON(t, s, keyOutMsgs, []any{llmMsg("assistant", "Paris is", "error")})
	llmWantView(t, s, map[attribute.Key]any{keyViewCacheRead: llmserver.AnthropicCacheReadTokens,
		semconv.GenAICompletionContentKey(0): "Paris is"})
	llmWantViewStatus(t, s, codes.Error)
}
