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
	Type      string `json:"type"`
	Content   string `json:"content,omitempty"`
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments,omitempty"`
}

func reference(m Message) referenceMessage {
	r := referenceMessage{Role: m.Role, FinishReason: m.FinishReason, Parts: []referencePart{}}
	if m.Content != "" {
		r.Parts = append(r.Parts, referencePart{Type: "text", Content: m.Content})
	}
	for _, tc := range m.ToolCalls {
		r.Parts = append(r.Parts, referencePart{Type: "tool_call", ID: tc.ID, Name: tc.Name, Arguments: tc.Arguments})
	}
	if m.ToolCallID != "" {
		r.Parts = append(r.Parts, referencePart{Type: "tool_call_response", ID: m.ToolCallID})
	}
	return r
}

func TestMessageJSONMatchesEncodingJSON(t *testing.T) {
	for _, m := range []Message{
		{Role: "user", Content: "plain"},
		{Role: "assistant", Content: "quote \" backslash \\ newline \n tab \t ctrl \x01 \x1f del \x7f é 😀 \u2028", FinishReason: "stop"},
		{Role: "assistant", ToolCalls: []ToolCallRequest{{ID: "c1", Name: "get", Arguments: `{"a":1}`}}},
		{Role: "tool", Content: "42", ToolCallID: "c1"},
		{Role: "", Content: ""},
	} {
		got := content{capture: true}.appendOTelMessage(nil, ContentPrompt, m, m.Content)
		var decoded referenceMessage
		if err := json.Unmarshal(got, &decoded); err != nil {
			t.Fatalf("%q is not JSON: %v", got, err)
		}
		want, _ := json.Marshal(reference(m))
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
