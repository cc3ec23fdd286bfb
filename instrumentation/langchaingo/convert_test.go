package otellangchaingo

import (
	"context"
	"reflect"
	"testing"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/schema"

	"github.com/agentops-go/sdk/otelagentops"
)

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		info map[string]any
		want otelagentops.Usage
		ok   bool
	}{
		{"openai", map[string]any{"PromptTokens": 100, "CompletionTokens": 20, "TotalTokens": 120,
			"ReasoningTokens": 5, "PromptCachedTokens": 40},
			otelagentops.Usage{InputTokens: 100, OutputTokens: 20, TotalTokens: 120, ReasoningTokens: 5, CacheReadTokens: 40}, true},
		{"anthropic: cache tokens are not in its input count", map[string]any{"InputTokens": 10, "OutputTokens": 7,
			"CacheReadInputTokens": 30, "CacheCreationInputTokens": 5},
			otelagentops.Usage{InputTokens: 45, OutputTokens: 7, CacheReadTokens: 30, CacheWriteTokens: 5}, true},
		{"snake case, JSON numbers", map[string]any{"input_tokens": float64(3), "output_tokens": int32(4)},
			otelagentops.Usage{InputTokens: 3, OutputTokens: 4}, true},
		{"none", map[string]any{"ThinkingContent": "hm"}, otelagentops.Usage{}, false},
		{"not numbers", map[string]any{"PromptTokens": "12"}, otelagentops.Usage{}, false},
		{"nil", nil, otelagentops.Usage{}, false},
	} {
		got, ok := usage(tc.info)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: usage = %+v, %v; want %+v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestMessages(t *testing.T) {
	got := messages([]llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "Be terse."),
		llms.TextParts(llms.ChatMessageTypeHuman, "Weather ", "in Paris?"),
		{Role: llms.ChatMessageTypeAI, Parts: []llms.ContentPart{llms.ToolCall{ID: "call_1", Type: "function",
			FunctionCall: &llms.FunctionCall{Name: "weather", Arguments: `{"city":"Paris"}`}}}},
		{Role: llms.ChatMessageTypeTool, Parts: []llms.ContentPart{llms.ToolCallResponse{ToolCallID: "call_1", Name: "weather", Content: "Sunny"}}},
	})
	want := []otelagentops.Message{
		{Role: "system", Content: "Be terse."},
		{Role: "user", Content: "Weather in Paris?"},
		{Role: "assistant", ToolCalls: []otelagentops.ToolCallRequest{{ID: "call_1", Name: "weather", Arguments: `{"city":"Paris"}`}}},
		{Role: "tool", ToolCallID: "call_1", Content: "Sunny"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("messages = %+v\nwant %+v", got, want)
	}
}

func TestRequestFromCallOptions(t *testing.T) {
	h := NewHandler(WithProvider("openai"), WithModel("gpt-4o-mini"))
	if r := h.request(nil, nil); r.Model != "gpt-4o-mini" || r.Provider != "openai" || r.Temperature != nil {
		t.Errorf("callback request = %+v", r)
	}
	var co llms.CallOptions
	for _, o := range []llms.CallOption{llms.WithModel("gpt-4o"), llms.WithTemperature(0.2), llms.WithMaxTokens(64),
		llms.WithTopK(5), llms.WithSeed(7), llms.WithStopWords([]string{"\nObservation:"}), llms.WithN(2), llms.WithJSONMode(),
		llms.WithStreamingFunc(func(context.Context, []byte) error { return nil })} {
		o(&co)
	}
	r := h.request(nil, &co)
	if r.Model != "gpt-4o" || *r.Temperature != 0.2 || *r.MaxTokens != 64 || *r.TopK != 5 || *r.Seed != 7 ||
		r.TopP != nil || len(r.StopSequences) != 1 || r.ChoiceCount != 2 || r.OutputType != "json" || !r.Stream {
		t.Errorf("request = %+v", r)
	}
}

func TestResponse(t *testing.T) {
	got := response(&llms.ContentResponse{Choices: []*llms.ContentChoice{nil, {Content: "Hi", StopReason: "stop",
		GenerationInfo: map[string]any{"PromptTokens": 3, "CompletionTokens": 1}}}})
	if got.UsageUnknown || got.Usage.InputTokens != 3 || got.Usage.OutputTokens != 1 ||
		len(got.Messages) != 1 || got.Messages[0].Content != "Hi" || got.FinishReasons[0] != "stop" {
		t.Errorf("response = %+v", got)
	}
	if got := response(nil); !got.UsageUnknown {
		t.Errorf("a failed call's response has usage: %+v", got)
	}
}

func schemaAction(tool string) schema.AgentAction {
	return schema.AgentAction{Tool: tool, ToolInput: "Paris"}
}
