package llmhttp

import (
	"reflect"
	"testing"

	"github.com/agentops-go/sdk/otelagentops"
)

// runStream feeds an event stream to its parser in writes of chunk bytes,
// as a caller's reads would deliver it.
func runStream(kind apiKind, body []byte, chunk int) *result {
	res := newResult(DefaultMaxResponseBody)
	sp := newSSESplitter(streamParser{kind: kind, res: res}, DefaultMaxResponseBody)
	for len(body) > 0 {
		n := min(chunk, len(body))
		sp.write(body[:n])
		body = body[n:]
	}
	sp.end()
	return res
}

// runJSON parses a whole JSON body.
func runJSON(kind apiKind, body []byte) *result {
	res := newResult(DefaultMaxResponseBody)
	c := newCapture(DefaultMaxResponseBody, -1)
	c.write(body)
	c.parse(kind, res)
	return res
}

func TestParseResponses(t *testing.T) {
	asst := func(text, finish string, tools ...otelagentops.ToolCallRequest) []otelagentops.Message {
		return []otelagentops.Message{{Role: "assistant", Content: text, FinishReason: finish, ToolCalls: tools}}
	}
	tests := []struct {
		file   string
		kind   apiKind
		stream bool
		want   otelagentops.LLMResponse
	}{
		{"openai_chat.json", apiChat, false, otelagentops.LLMResponse{
			ID: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", Model: "gpt-4o-mini-2024-07-18", FinishReasons: []string{"stop"},
			Usage:    otelagentops.Usage{InputTokens: 26, OutputTokens: 8, TotalTokens: 34},
			Messages: asst("The capital of France is Paris.", "stop"),
		}},
		{"openai_chat_tools.json", apiChat, false, otelagentops.LLMResponse{
			ID: "chatcmpl-Bx7tool", Model: "gpt-4o-2024-08-06", FinishReasons: []string{"tool_calls"},
			Usage: otelagentops.Usage{InputTokens: 1082, OutputTokens: 23, TotalTokens: 1105, CacheReadTokens: 1024},
			Messages: asst("", "tool_calls", otelagentops.ToolCallRequest{
				ID: "call_12345xyz", Name: "get_weather", Arguments: `{"location":"Paris, France","unit":"celsius"}`}),
		}},
		{"openai_chat_stream.sse", apiChat, true, otelagentops.LLMResponse{
			ID: "chatcmpl-BmStream1", Model: "gpt-4o-mini-2024-07-18", FinishReasons: []string{"stop"},
			Usage:    otelagentops.Usage{InputTokens: 26, OutputTokens: 7, TotalTokens: 33},
			Messages: asst("The capital of France is Paris.", "stop"),
		}},
		{"openai_chat_tools_stream.sse", apiChat, true, otelagentops.LLMResponse{
			ID: "chatcmpl-BmTools2", Model: "gpt-4o-2024-08-06", FinishReasons: []string{"tool_calls"},
			Messages: asst("", "tool_calls", otelagentops.ToolCallRequest{
				ID: "call_abc123", Name: "get_weather", Arguments: `{"location":"Paris, France"}`}),
		}},
		{"anthropic_message.json", apiMessages, false, otelagentops.LLMResponse{
			ID: "msg_01XFDUDYJgAACzvnptvVoYEL", Model: "claude-sonnet-4-20250514", FinishReasons: []string{"end_turn"},
			Usage:    otelagentops.Usage{InputTokens: 4512, OutputTokens: 14, CacheReadTokens: 3000, CacheWriteTokens: 1500},
			Messages: asst("It is 15 degrees and cloudy in Paris.", "end_turn"),
		}},
		{"anthropic_tool_use.json", apiMessages, false, otelagentops.LLMResponse{
			ID: "msg_01Aq9w938a90dw8q", Model: "claude-sonnet-4-20250514", FinishReasons: []string{"tool_use"},
			Usage: otelagentops.Usage{InputTokens: 472, OutputTokens: 89},
			Messages: asst("I'll check the weather.", "tool_use", otelagentops.ToolCallRequest{
				ID: "toolu_01A09q90qw90lq917835lq9", Name: "get_weather", Arguments: `{"location":"San Francisco, CA","unit":"celsius"}`}),
		}},
		{"anthropic_stream.sse", apiMessages, true, otelagentops.LLMResponse{
			ID: "msg_014p7gG3wDgGV9EUtLvnow3U", Model: "claude-sonnet-4-20250514", FinishReasons: []string{"tool_use"},
			Usage: otelagentops.Usage{InputTokens: 2520, OutputTokens: 89, CacheReadTokens: 2048},
			Messages: asst("Okay, let me check the weather.", "tool_use", otelagentops.ToolCallRequest{
				ID: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", Name: "get_weather", Arguments: `{"location": "San Francisco, CA"}`}),
		}},
		{"responses.json", apiResponses, false, otelagentops.LLMResponse{
			ID: "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", Model: "gpt-4.1-mini-2025-04-14", FinishReasons: []string{"stop"},
			Usage: otelagentops.Usage{InputTokens: 36, OutputTokens: 87, TotalTokens: 123},
			Messages: asst("In a peaceful grove beneath a silver moon, a unicorn named Lumina discovered a hidden pool that reflected the stars. "+
				"As she dipped her horn into the water, the pool began to shimmer, revealing a pathway to a magical realm of endless night skies. "+
				"Filled with wonder, Lumina whispered a wish for all who dream to find their own hidden magic, and as she glanced back, her hoofprints sparkled like stardust.", "stop"),
		}},
		{"responses_stream.sse", apiResponses, true, otelagentops.LLMResponse{
			ID: "resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654", Model: "gpt-4.1-mini-2025-04-14", FinishReasons: []string{"stop"},
			Usage:    otelagentops.Usage{InputTokens: 37, OutputTokens: 11, TotalTokens: 48},
			Messages: asst("Hi there!", "stop"),
		}},
		{"embeddings.json", apiEmbeddings, false, otelagentops.LLMResponse{
			Model: "text-embedding-3-small", Usage: otelagentops.Usage{InputTokens: 8, TotalTokens: 8},
		}},
	}
	for _, tt := range tests {
		body := testdata(t, tt.file)
		chunks := []int{len(body)}
		if tt.stream {
			chunks = []int{1, 2, 7, 64, len(body)}
		}
		for _, chunk := range chunks {
			var res *result
			if tt.stream {
				res = runStream(tt.kind, body, chunk)
				if !res.final {
					t.Errorf("%s/%d: final event not seen", tt.file, chunk)
				}
			} else {
				res = runJSON(tt.kind, body)
			}
			if got := res.response(tt.kind); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s/%d:\n got %+v\nwant %+v", tt.file, chunk, got, tt.want)
			}
		}
	}
}

func TestParseRequests(t *testing.T) {
	chat := parseRequest(apiChat, testdata(t, "openai_chat_request.json"))
	if chat.Model != "gpt-4o-mini" || *chat.MaxTokens != 128 || *chat.Temperature != 0.2 || *chat.TopP != 0.9 ||
		*chat.Seed != 42 || !reflect.DeepEqual(chat.StopSequences, []string{"\n\n"}) || chat.Stream ||
		chat.ChoiceCount != 0 || chat.OutputType != "" {
		t.Errorf("chat request: %+v", chat)
	}
	// A chat's system message is part of its history.
	wantChat := []otelagentops.Message{{Role: "system", Content: "You are a terse assistant."}, {Role: "user", Content: "What is the capital of France?"}}
	if !reflect.DeepEqual(chat.Messages, wantChat) || chat.SystemInstructions != nil {
		t.Errorf("chat messages: %+v, instructions %q", chat.Messages, chat.SystemInstructions)
	}

	an := parseRequest(apiMessages, testdata(t, "anthropic_request.json"))
	if an.Model != "claude-sonnet-4-20250514" || *an.MaxTokens != 1024 || *an.Temperature != 0.5 || *an.TopK != 40 ||
		!reflect.DeepEqual(an.StopSequences, []string{"END"}) || an.OutputType != "" {
		t.Errorf("anthropic request: %+v", an)
	}
	wantAn := []otelagentops.Message{
		{Role: "user", Content: "What's the weather in Paris?"},
		{Role: "assistant", Content: "Let me check.", ToolCalls: []otelagentops.ToolCallRequest{
			{ID: "toolu_01A09q90qw90lq917835lq9", Name: "get_weather", Arguments: `{"location":"Paris, France"}`}}},
		{Role: "tool", Content: "15 degrees, cloudy", ToolCallID: "toolu_01A09q90qw90lq917835lq9"},
	}
	if !reflect.DeepEqual(an.Messages, wantAn) {
		t.Errorf("anthropic messages:\n got %+v\nwant %+v", an.Messages, wantAn)
	}
	if want := []string{"You are a helpful assistant."}; !reflect.DeepEqual(an.SystemInstructions, want) {
		t.Errorf("anthropic system instructions %q, want %q", an.SystemInstructions, want)
	}

	rs := parseRequest(apiResponses, testdata(t, "responses_request.json"))
	wantRs := []otelagentops.Message{{Role: "user", Content: "Tell me a three sentence bedtime story about a unicorn."}}
	if rs.Model != "gpt-4.1-mini" || *rs.MaxTokens != 256 || !reflect.DeepEqual(rs.Messages, wantRs) ||
		!reflect.DeepEqual(rs.SystemInstructions, []string{"You are a terse assistant."}) {
		t.Errorf("responses request: %+v", rs)
	}
}
