package otelagentops

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// referenceMessage is the OTel GenAI message form as encoding/json writes
// it: the reference the hand-written encoder must match.
type referenceMessage struct {
	Role         string          `json:"role"`
	Parts        []referencePart `json:"parts"`
	FinishReason string          `json:"finish_reason,omitempty"`
}

type referencePart struct {
	Type      string          `json:"type"`
	Content   string          `json:"content,omitempty"`
	ID        string          `json:"id,omitempty"`
	Name      string          `json:"name,omitempty"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
	Response  *string         `json:"response,omitempty"`
}

// reference builds m's message as the v1.41 schemas describe it: a tool
// result is one tool_call_response part carrying the result as response;
// arguments that are a JSON object are that object; an output message names
// its finish reason in the schema's terms.
func reference(m Message, kind ContentKind, finish string) referenceMessage {
	r := referenceMessage{Role: m.Role, Parts: []referencePart{}}
	if kind == ContentCompletion {
		r.FinishReason = finish
	}
	if m.ToolCallID != "" {
		r.Parts = append(r.Parts, referencePart{Type: "tool_call_response", ID: m.ToolCallID, Response: &m.Content})
	} else if m.Content != "" {
		r.Parts = append(r.Parts, referencePart{Type: "text", Content: m.Content})
	}
	for _, tc := range m.ToolCalls {
		args := json.RawMessage(tc.Arguments)
		if len(args) == 0 {
			args = nil
		} else if !json.Valid(args) || (args[0] != '{' && args[0] != '[') {
			args, _ = json.Marshal(tc.Arguments)
		}
		r.Parts = append(r.Parts, referencePart{Type: "tool_call", ID: tc.ID, Name: tc.Name, Arguments: args})
	}
	return r
}

func TestMessageJSONMatchesEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		m      Message
		kind   ContentKind
		finish string
	}{
		{Message{Role: "user", Content: "plain"}, ContentPrompt, ""},
		{Message{Role: "assistant", Content: "quote \" backslash \\ newline \n tab \t ctrl \x01 \x1f del \x7f é 😀 \u2028", FinishReason: "stop"}, ContentCompletion, "stop"},
		{Message{Role: "assistant", ToolCalls: []ToolCallRequest{{ID: "c1", Name: "get", Arguments: `{"a":1}`}}}, ContentPrompt, ""},
		{Message{Role: "assistant", ToolCalls: []ToolCallRequest{{ID: "c2", Name: "get", Arguments: `{"a":`}}}, ContentPrompt, ""},
		{Message{Role: "assistant", Content: "calling", ToolCalls: []ToolCallRequest{{Name: "a", Arguments: "[1,2]"}, {Name: "b", Arguments: `"x"`}},
			FinishReason: "tool_calls"}, ContentCompletion, "tool_call"},
		{Message{Role: "assistant", ToolCalls: []ToolCallRequest{{ID: "c3", Name: "get"}}}, ContentCompletion, "tool_call"},
		{Message{Role: "assistant", Content: "cut", FinishReason: "max_tokens"}, ContentCompletion, "length"},
		{Message{Role: "assistant", Content: "odd", FinishReason: "something_new"}, ContentCompletion, "something_new"},
		{Message{Role: "assistant", Content: "bad", FinishReason: "failed"}, ContentCompletion, "error"},
		{Message{Role: "assistant", Content: "none"}, ContentCompletion, "stop"},
		{Message{Role: "tool", Content: "42", ToolCallID: "c1"}, ContentPrompt, ""},
		{Message{Role: "tool", ToolCallID: "c1"}, ContentPrompt, ""},
		{Message{Role: "", Content: ""}, ContentPrompt, ""},
	} {
		got := content{capture: true}.appendOTelMessage(nil, tc.kind, tc.m, tc.m.Content)
		var decoded referenceMessage
		if err := json.Unmarshal(got, &decoded); err != nil {
			t.Fatalf("%q is not JSON: %v", got, err)
		}
		want, _ := json.Marshal(reference(tc.m, tc.kind, tc.finish))
		redone, _ := json.Marshal(decoded)
		if string(redone) != string(want) {
			t.Errorf("encoded %s\nwant     %s", got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a", "\"\\\n\x00", "é😀", "\xff\xfe", "\u2028\u2029", "<html>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q encoded as invalid JSON %q: %v", s, out, err)
		}
		if utf8.ValidString(s) && back != s {
			t.Fatalf("round trip changed %q into %q", s, back)
		}
		if !utf8.ValidString(back) {
			t.Fatalf("decoded %q is not valid UTF-8", back)
		}
	})
}

// TestPlainPrefixFindsEverySpecialByte puts each of the 256 byte values at
// each position of a plain 19-byte string (two words and a tail): the
// prefix must end exactly there when the byte needs escaping, and span the
// whole string otherwise.
func TestPlainPrefixFindsEverySpecialByte(t *testing.T) {
	plain := []byte("The quick brown fox")
	for pos := range plain {
		for v := range 256 {
			s := []byte(string(plain))
			s[pos] = byte(v)
			want := len(s)
			if b := byte(v); b < 0x20 || b >= utf8.RuneSelf || b == '"' || b == '\\' {
				want = pos
			}
			if got := plainPrefix(string(s)); got != want {
				t.Fatalf("plainPrefix(%q) = %d, want %d", s, got, want)
			}
		}
	}
}
