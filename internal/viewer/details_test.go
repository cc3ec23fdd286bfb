package viewer

import (
	"encoding/json"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/sessiondoc"
)

func TestLLMDetailsShowCostTTFTAndFinishReasons(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000f1"
	start := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	cost, userCost, ttft := 0.000017, 0.5, 231.5
	call := sessiondoc.ToolCall{ID: "c1", Type: "function"}
	call.Function.Name = "get_weather"
	doc := &sessiondoc.Document{Name: "calls",
		Session: sessiondoc.Session{SessionID: id, InitTimestamp: sessiondoc.Timestamp(start), EndTimestamp: sessiondoc.Timestamp(start.Add(time.Second)), EndState: "Success"},
		Events: []sessiondoc.Event{
			{ID: "a", EventType: "llms", SessionID: id, InitTimestamp: sessiondoc.Timestamp(start), EndTimestamp: sessiondoc.Timestamp(start.Add(time.Second)),
				Params: map[string]any{"temperature": 0.2, "max_tokens": 64},
				LLMEvent: &sessiondoc.LLMEvent{Model: "gpt-4o-mini", PromptTokens: 18, CompletionTokens: 7, CostUSD: &cost, TTFTMillis: &ttft,
					FinishReasons: []string{"stop", "length"}, Prompt: "plain prompt text", Completion: "plain completion"}},
			{ID: "b", EventType: "llms", SessionID: id, InitTimestamp: sessiondoc.Timestamp(start),
				LLMEvent: &sessiondoc.LLMEvent{Model: "own", Cost: &userCost,
					Completion: sessiondoc.Message{Role: "assistant", ToolCalls: []sessiondoc.ToolCall{call}}}},
			{ID: "c", EventType: "llms", SessionID: id, InitTimestamp: sessiondoc.Timestamp(start), LLMEvent: &sessiondoc.LLMEvent{Model: "unknown"}},
		}}
	writeDoc(t, dir, doc)
	v, _ := newViewer(t, dir)
	tests := []struct {
		span string
		want []string
	}{
		{"a", []string{`data-field="cost">$0.000017<`, `data-field="ttft">232ms<`, `data-field="finish_reasons">stop, length<`, `"max_tokens": 64`,
			`<div class="prompt"><div class="msg role-"><span class="role">text</span><div class="message">plain prompt text</div>`,
			`<div class="message">plain completion</div>`, "18 in / 7 out"}},
		{"b", []string{`data-field="cost">$0.5000<`, "→ get_weather()"}},
		{"c", []string{`data-field="cost">unpriced<`, "not recorded"}},
	}
	for _, tt := range tests {
		res := get(t, v, "/sessions/"+id+"/spans/"+tt.span)
		body := html.UnescapeString(res.Body)
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("span %s lacks %q:\n%s", tt.span, w, body)
			}
		}
	}
}

func TestMessagesOf(t *testing.T) {
	var decoded any
	if err := json.Unmarshal([]byte(`[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}]`), &decoded); err != nil {
		t.Fatal(err)
	}
	var one any
	_ = json.Unmarshal([]byte(`{"role":"assistant","content":"hello"}`), &one)
	tests := []struct {
		in   any
		want string
	}{
		{nil, ""}, {"text", ":text"}, {decoded, "system:be brief|user:hi"}, {one, "assistant:hello"},
		{[]sessiondoc.Message{{Role: "user", Content: "x"}}, "user:x"}, {42.0, ":42"},
	}
	for _, tt := range tests {
		var parts []string
		for _, m := range messagesOf(tt.in) {
			parts = append(parts, m.Role+":"+m.Content)
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("messagesOf(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
