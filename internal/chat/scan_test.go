package chat

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The content of an LLM span as the SDK records it.
const (
	llmInstructions = `[{"type":"text","content":"You are a travel agent."}]`
	llmInput        = `[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},` +
		`{"role":"assistant","parts":[{"type":"tool_call","id":"c0","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"},` +
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"c0","response":"18°C, \"sunny\""}]}]`
	llmOutput = `[{"role":"assistant","parts":[{"type":"text","content":"It is 18°C.\nSunny."},` +
		`{"type":"tool_call","id":"c1","name":"book","arguments":{"city":"Paris","days":2}}],"finish_reason":"tool_call"}]`
)

var chatSeeds = []string{
	llmInput, llmOutput, llmInstructions, `[]`, ` [ ] `, `null`, `{}`, `[1,"x",null,{}]`,
	`[{"role":"user","parts":[{"type":"text","content":"a\"b\\c\/d\n\u00e9\ud83d\ude00\ud800x"}]}]`,
	`[{"role":"a","role":"b","parts":[{"type":"text"}],"parts":[{"type":"text","content":"second"}]}]`,
	`[{"role":1,"parts":null,"finish_reason":["x"]},{"parts":[7,{"type":{"x":1},"content":[1,2]}]}]`,
	`[{"parts":[{"type":"tool_call","arguments":{"a":[1,2.5e3,true,null,{"b":"c"}]},"response":null}]}]`,
	`[{"parts":[{"type":"tool_call_response","response":"r\tx"},{"type":"tool_call_response","response":-1.5}]}]`,
	`[{"role":"user"`, `[{"role":"user"}`, `[{"role":"user"}]x`, `[{"role":"\q"}]`, `[{"role":"\u12"}]`,
	`[` + strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100) + `]`,
}

// referenceChat parses data with encoding/json, then reads the message
// shape with the scanner's rules (exact keys, the last of repeated keys,
// wrong types read as empty). ok is
// false when encoding/json rejects data, which the scanner may accept.
func referenceChat(data string) (msgs []Message, ok, valid bool) {
	var doc any
	if json.Unmarshal([]byte(data), &doc) != nil {
		return nil, false, false
	}
	arr, isArr := doc.([]any)
	if !isArr {
		return nil, false, true
	}
	str := func(m map[string]any, k string, dst *string) { *dst, _ = m[k].(string) }
	text := func(m map[string]any, k string, dst *string) {
		switch v := m[k].(type) {
		case nil:
			*dst = ""
		case string:
			*dst = v
		default:
			b, _ := json.Marshal(v)
			*dst = string(b)
		}
	}
	msgs = make([]Message, len(arr))
	for i, e := range arr {
		m, _ := e.(map[string]any)
		str(m, "role", &msgs[i].Role)
		str(m, "finish_reason", &msgs[i].FinishReason)
		parts, _ := m["parts"].([]any)
		for _, pe := range parts {
			var p Part
			pm, _ := pe.(map[string]any)
			str(pm, "type", &p.Type)
			str(pm, "content", &p.Content)
			str(pm, "id", &p.ID)
			str(pm, "name", &p.Name)
			text(pm, "arguments", &p.Arguments)
			text(pm, "response", &p.Response)
			msgs[i].Parts = append(msgs[i].Parts, p)
		}
	}
	return msgs, true, true
}

// normalized makes JSON-text fields comparable (the scanner keeps the
// text as written, the reference re-marshals it) and empty slices nil.
func normalized(msgs []Message) []Message {
	out := make([]Message, 0, len(msgs))
	for _, m := range msgs {
		var parts []Part
		for _, p := range m.Parts {
			for _, f := range []*string{&p.Arguments, &p.Response} {
				var v any
				if json.Unmarshal([]byte(*f), &v) == nil {
					if _, isStr := v.(string); !isStr {
						b, _ := json.Marshal(v)
						*f = string(b)
					}
				}
			}
			parts = append(parts, p)
		}
		m.Parts, m.from, m.to = parts, 0, 0
		out = append(out, m)
	}
	return out
}

func checkChat(t *testing.T, data string) {
	got, ok := Parse(data)
	want, wantOK, valid := referenceChat(data)
	if !valid || !utf8.ValidString(data) || strings.Count(data, "[")+strings.Count(data, "{") > maxJSONDepth {
		return // the scanner may read what encoding/json refuses; it must only not panic
	}
	if ok != wantOK {
		t.Fatalf("Parse(%q): ok %v, want %v", data, ok, wantOK)
	}
	if ok && !reflect.DeepEqual(normalized(got), normalized(want)) {
		t.Fatalf("Parse(%q):\n got  %+v\n want %+v", data, got, want)
	}
}

// TestParseChat compares the scanner with encoding/json on the seeds.
func TestParseChat(t *testing.T) {
	for _, s := range chatSeeds {
		checkChat(t, s)
	}
	for _, bad := range []string{`[{"role":"user"`, `[{"role":"\q"}]`, `[{"role":"\u12"}]`, `[1]x`, `{}`, ``} {
		if _, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	msgs, _ := Parse(chatSeeds[8])
	if c := msgs[0].Parts[0].Content; c != "a\"b\\c/d\né😀\uFFFDx" {
		t.Errorf("escapes read as %q", c)
	}
	deep := `[{"parts":[{"arguments":` + strings.Repeat("[", 2*maxJSONDepth) + strings.Repeat("]", 2*maxJSONDepth) + `}]}]`
	if _, ok := Parse(deep); ok {
		t.Error("nesting beyond maxJSONDepth accepted")
	}
}

// FuzzParseChat: on any input the scanner does not panic, and where
// encoding/json reads the input it agrees with it.
func FuzzParseChat(f *testing.F) {
	for _, s := range chatSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) { checkChat(t, data) })
}
