package oteleino

import (
	"testing"
	"time"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"

	"github.com/agentops-go/sdk/semconv"
)

// The provider is WithProvider's for the model's type, else the known
// one, else the type in lower case.
func TestProvider(t *testing.T) {
	cfg := newConfig([]Option{WithProvider("Ark", "volcengine"), WithProvider("OPENAI", semconv.GenAIProviderAzureOpenAI)})
	for typ, want := range map[string]string{
		"OpenAI": semconv.GenAIProviderAzureOpenAI, "Claude": semconv.GenAIProviderAnthropic,
		"ark": "volcengine", "Ollama": "ollama", "": "",
	} {
		if got := cfg.provider(typ); got != want {
			t.Errorf("provider(%q) = %q, want %q", typ, got, want)
		}
	}
}

// Eino's model.Config holds plain values: zero parameters are not set and
// are not recorded; the others are.
func TestLLMRequestParameters(t *testing.T) {
	info := &callbacks.RunInfo{Type: "OpenAI", Component: "ChatModel"}
	req := config{}.llmRequest(info, &model.CallbackInput{
		Messages: []*schema.Message{schema.SystemMessage("be brief"), schema.UserMessage("hi")},
		Config:   &model.Config{Model: "gpt-4o", MaxTokens: 64, Temperature: 0.5, Stop: []string{"END"}},
	}, time.Now())
	if req.Model != "gpt-4o" || req.MaxTokens == nil || *req.MaxTokens != 64 || req.Temperature == nil || *req.Temperature != 0.5 {
		t.Errorf("request %+v: want model gpt-4o, max tokens 64, temperature 0.5", req)
	}
	if req.TopP != nil {
		t.Errorf("top_p %v recorded, want none (zero: not set)", *req.TopP)
	}
	if len(req.Messages) != 2 || req.Messages[0].Role != "system" || req.Messages[1].Content != "hi" {
		t.Errorf("messages %+v", req.Messages)
	}
	if len(req.StopSequences) != 1 {
		t.Errorf("stop sequences %v, want [END]", req.StopSequences)
	}
}

// Usage comes from TokenUsage, else from the message's ResponseMeta; with
// neither it is unknown, not zero.
func TestLLMResponseUsage(t *testing.T) {
	meta := &schema.Message{Role: schema.Assistant, Content: "ok", ResponseMeta: &schema.ResponseMeta{
		FinishReason: "stop", Usage: &schema.TokenUsage{PromptTokens: 5, CompletionTokens: 2, TotalTokens: 7}}}
	if resp := llmResponse(&model.CallbackOutput{Message: meta}); resp.UsageUnknown || resp.Usage.InputTokens != 5 ||
		resp.Usage.OutputTokens != 2 || len(resp.FinishReasons) != 1 || resp.Messages[0].FinishReason != "stop" {
		t.Errorf("from ResponseMeta: %+v", resp)
	}
	typed := &model.CallbackOutput{Message: schema.AssistantMessage("ok", nil), TokenUsage: &model.TokenUsage{
		PromptTokens: 9, CompletionTokens: 4, PromptTokenDetails: model.PromptTokenDetails{CachedTokens: 3},
		CompletionTokensDetails: model.CompletionTokensDetails{ReasoningTokens: 1}}}
	if resp := llmResponse(typed); resp.Usage.InputTokens != 9 || resp.Usage.CacheReadTokens != 3 || resp.Usage.ReasoningTokens != 1 {
		t.Errorf("from TokenUsage: %+v", resp.Usage)
	}
	if resp := llmResponse(&model.CallbackOutput{Message: schema.AssistantMessage("ok", nil)}); !resp.UsageUnknown {
		t.Error("no usage reported, but the usage is not unknown")
	}
	if resp := llmResponse(nil); !resp.UsageUnknown {
		t.Error("no output, but the usage is not unknown")
	}
}
