package oteleino

import (
	"strings"
	"time"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// knownProviders maps the types eino-ext's chat models report (GetType), in
// lower case, to gen_ai.provider.name.
var knownProviders = map[string]string{
	"openai":   semconv.GenAIProviderOpenAI,
	"claude":   semconv.GenAIProviderAnthropic,
	"gemini":   semconv.GenAIProviderGemini,
	"deepseek": semconv.GenAIProviderDeepSeek,
}

// provider returns the gen_ai.provider.name of a chat model of type typ:
// the one WithProvider gave, else the known one, else typ in lower case.
func (c config) provider(typ string) string {
	t := lower(typ)
	if p, ok := c.providers[t]; ok {
		return p
	}
	if p, ok := knownProviders[t]; ok {
		return p
	}
	return t
}

// llmRequest describes the chat model call Eino's callback input announces.
// Eino's model.Config holds plain values, so a zero MaxTokens, Temperature
// or TopP means "not set" and is not recorded.
func (c config) llmRequest(info *callbacks.RunInfo, input callbacks.CallbackInput, start time.Time) otelagentops.LLMRequest {
	req := otelagentops.LLMRequest{Provider: c.provider(info.Type), StartTime: start}
	in := model.ConvCallbackInput(input)
	if in == nil {
		return req
	}
	if cfg := in.Config; cfg != nil {
		req.Model = cfg.Model
		if cfg.MaxTokens > 0 {
			req.MaxTokens = new(cfg.MaxTokens)
		}
		if cfg.Temperature != 0 {
			req.Temperature = new(float64(cfg.Temperature))
		}
		if cfg.TopP != 0 {
			req.TopP = new(float64(cfg.TopP))
		}
		req.StopSequences = cfg.Stop
	}
	req.Messages = messages(in.Messages)
	return req
}

// llmResponse describes how a chat model call ended from its output: the
// message, the model and the token usage (Eino's TokenUsage, else the
// message's ResponseMeta.Usage; neither: the usage is unknown).
func llmResponse(out *model.CallbackOutput) otelagentops.LLMResponse {
	var resp otelagentops.LLMResponse
	if out == nil {
		resp.UsageUnknown = true
		return resp
	}
	if out.Config != nil {
		resp.Model = out.Config.Model
	}
	var metaUsage *schema.TokenUsage
	if m := out.Message; m != nil {
		msg := message(m)
		if m.ResponseMeta != nil {
			msg.FinishReason = m.ResponseMeta.FinishReason
			metaUsage = m.ResponseMeta.Usage
			if msg.FinishReason != "" {
				resp.FinishReasons = []string{msg.FinishReason}
			}
		}
		resp.Messages = []otelagentops.Message{msg}
	}
	switch u := out.TokenUsage; {
	case u != nil:
		resp.Usage = otelagentops.Usage{
			InputTokens: int64(u.PromptTokens), OutputTokens: int64(u.CompletionTokens), TotalTokens: int64(u.TotalTokens),
			CacheReadTokens: int64(u.PromptTokenDetails.CachedTokens), ReasoningTokens: int64(u.CompletionTokensDetails.ReasoningTokens),
		}
	case metaUsage != nil:
		resp.Usage = otelagentops.Usage{
			InputTokens: int64(metaUsage.PromptTokens), OutputTokens: int64(metaUsage.CompletionTokens), TotalTokens: int64(metaUsage.TotalTokens),
			CacheReadTokens: int64(metaUsage.PromptTokenDetails.CachedTokens), ReasoningTokens: int64(metaUsage.CompletionTokensDetails.ReasoningTokens),
		}
	default:
		resp.UsageUnknown = true
	}
	return resp
}

// messages converts Eino messages to the SDK's.
func messages(in []*schema.Message) []otelagentops.Message {
	if len(in) == 0 {
		return nil
	}
	out := make([]otelagentops.Message, 0, len(in))
	for _, m := range in {
		if m != nil {
			out = append(out, message(m))
		}
	}
	return out
}

// message converts one Eino message. Its text is Content, else the text
// parts of its multi-part content.
func message(m *schema.Message) otelagentops.Message {
	msg := otelagentops.Message{Role: string(m.Role), Content: m.Content, ToolCallID: m.ToolCallID}
	if msg.Content == "" {
		msg.Content = textParts(m)
	}
	if len(m.ToolCalls) > 0 {
		msg.ToolCalls = make([]otelagentops.ToolCallRequest, len(m.ToolCalls))
		for i, tc := range m.ToolCalls {
			msg.ToolCalls[i] = otelagentops.ToolCallRequest{ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments}
		}
	}
	return msg
}

// textParts joins the text parts of a multi-part message, one per line.
func textParts(m *schema.Message) string {
	var parts []string
	for _, p := range m.UserInputMultiContent {
		if p.Type == schema.ChatMessagePartTypeText && p.Text != "" {
			parts = append(parts, p.Text)
		}
	}
	for _, p := range m.AssistantGenMultiContent {
		if p.Type == schema.ChatMessagePartTypeText && p.Text != "" {
			parts = append(parts, p.Text)
		}
	}
	for _, p := range m.MultiContent {
		if p.Type == schema.ChatMessagePartTypeText && p.Text != "" {
			parts = append(parts, p.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func lower(s string) string { return strings.ToLower(s) }
