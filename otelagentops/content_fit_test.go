package otelagentops

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/agentops-go/sdk/semconv"
)

// TestFitMessagesKeepsJSONValid cuts message lists of every shape to limits
// small and large: the result is valid JSON within the limit, keeps every
// message, and marks what it cut.
func TestFitMessagesKeepsJSONValid(t *testing.T) {
	long := strings.Repeat("Ünïcode \"quoted\" text\n", 500) // escapes and multi-byte runes
	lists := map[string][]Message{
		"one long":     {{Role: "user", Content: long}},
		"short + long": {{Role: "system", Content: "Be terse."}, {Role: "user", Content: long}},
		"two long":     {{Role: "user", Content: long}, {Role: "assistant", Content: long + long}},
		"tool call":    {{Role: "assistant", ToolCalls: []ToolCallRequest{{ID: "c1", Name: "f", Arguments: long}}}},
	}
	for name, msgs := range lists {
		for _, limit := range []int{40, 300, 1000, 20000} {
			c := content{capture: true, limit: limit}
			out := c.fitMessages(nil, ContentPrompt, msgs)
			var back []map[string]any
			if err := json.Unmarshal(out, &back); err != nil {
				t.Fatalf("%s, limit %d: invalid JSON %q: %v", name, limit, out, err)
			}
			if len(out) > limit || !utf8.Valid(out) {
				t.Errorf("%s, limit %d: %d bytes, valid UTF-8 %v", name, limit, len(out), utf8.Valid(out))
			}
			if len(back) != 0 && len(back) != len(msgs) {
				t.Errorf("%s, limit %d: %d messages, want %d", name, limit, len(back), len(msgs))
			}
			whole := c.appendMessagesJSON(nil, ContentPrompt, msgs, texts(msgs))
			if name != "tool call" && limit >= 300 && len(whole) > limit && !strings.Contains(string(out), truncatedMark) {
				t.Errorf("%s, limit %d: nothing marked as cut: %s", name, limit, out)
			}
			if strings.Contains(string(out), truncatedMark) && len(out) < limit-8 {
				t.Errorf("%s, limit %d: cut to %d bytes, more than needed", name, limit, len(out))
			}
		}
	}
}

func texts(msgs []Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Content
	}
	return out
}

// TestLongPromptStaysValidJSON records an LLM call whose prompt is over the
// client's attribute value length limit: gen_ai.input.messages is still a
// JSON document, and the prompt text is cut, not lost.
func TestLongPromptStaysValidJSON(t *testing.T) {
	r := newRecorded(t, WithAttributeValueLengthLimit(2000))
	ctx, s, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	prompt := strings.Repeat("a fox, \"quick\" and brown; ", 400)
	if err := r.client.RecordLLM(ctx, LLMRequest{Model: "gpt-4o-mini", Messages: []Message{{Role: "user", Content: prompt}}},
		LLMResponse{Usage: Usage{InputTokens: 1, OutputTokens: 1}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	raw := attr(t, r.span(t, "chat gpt-4o-mini"), semconv.GenAIInputMessagesKey).AsString()
	var msgs []map[string]any
	if err := json.Unmarshal([]byte(raw), &msgs); err != nil || len(msgs) != 1 {
		t.Fatalf("gen_ai.input.messages is not one message in valid JSON (%v): %.200q", err, raw)
	}
	if !strings.Contains(raw, "a fox") || !strings.Contains(raw, truncatedMark) || len(raw) > 2000 {
		t.Errorf("want the prompt cut and marked within 2000 bytes, got %d bytes", len(raw))
	}
}
