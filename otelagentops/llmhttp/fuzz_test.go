package llmhttp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/agentops-go/sdk/semconv"
)

// The parsers see bodies from the network: whatever the bytes, they must
// not panic, must keep within their bounds, and must record valid UTF-8.

var kinds = []apiKind{apiChat, apiCompletions, apiEmbeddings, apiResponses, apiMessages}

// seed adds every testdata body to the corpus.
func seed(f *testing.F, ext string, extra ...string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// checkResult fails when a parsed result breaks an invariant.
func checkResult(t *testing.T, res *result, kind apiKind, limit int) {
	resp := res.response(kind)
	strs := []string{resp.ID, resp.Model}
	strs = append(strs, resp.FinishReasons...)
	text := 0
	for _, m := range resp.Messages {
		strs = append(strs, m.Role, m.Content, m.FinishReason)
		text += len(m.Content)
		for _, tc := range m.ToolCalls {
			strs = append(strs, tc.ID, tc.Name, tc.Arguments)
			text += len(tc.Arguments)
		}
	}
	for _, s := range strs {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 recorded: %q", s)
		}
	}
	// U+FFFD replacements may grow the text by 2 bytes per byte.
	if text > 3*limit {
		t.Fatalf("retained %d bytes of text past the %d limit", text, limit)
	}
	if len(resp.Messages) > maxChoices {
		t.Fatalf("%d choices", len(resp.Messages))
	}
}

func FuzzParseJSON(f *testing.F) {
	seed(f, ".json", `{"n":3,"response_format":{"type":"json_schema"},"modalities":["audio"],"system":[{"type":"text","text":"a"}]}`,
		`{"text":{"format":{"type":"json_object"}},"output_config":{"format":5},"instructions":"\ud800"}`,
		`{"choices":[{"index":99999999999,"message":{"tool_calls":[{"index":-1}]}}]}`,
		`{"id":"\ud83d\ude00\ud800x","usage":{"prompt_tokens":1e400}}`, `{"a":[[[[[[[[[[[[[[[[`, `"\`)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, kind := range kinds {
			for _, limit := range []int{64, DefaultMaxResponseBody} {
				res := newResult(limit)
				c := newCapture(limit, -1)
				c.write(body)
				c.parse(kind, res)
				checkResult(t, res, kind, limit)
			}
			checkRequest(t, kind, body)
		}
	})
}

// checkRequest fails when the request parser breaks an invariant: text
// recorded is valid UTF-8, the output type is a GenAI one, and with content
// capture off nothing of the prompt is read while every other field of a
// valid body reads the same as with capture on.
func checkRequest(t *testing.T, kind apiKind, body []byte) {
	on, off := readRequest(kind, body, true), readRequest(kind, body, false)
	strs := append([]string{on.Model, on.OutputType}, on.SystemInstructions...)
	strs = append(strs, on.StopSequences...)
	for _, m := range on.Messages {
		strs = append(strs, m.Role, m.Content, m.ToolCallID)
		for _, tc := range m.ToolCalls {
			strs = append(strs, tc.ID, tc.Name, tc.Arguments)
		}
	}
	for _, s := range strs {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 recorded: %q", s)
		}
	}
	switch on.OutputType {
	case "", semconv.GenAIOutputTypeText, semconv.GenAIOutputTypeJSON, semconv.GenAIOutputTypeSpeech:
	default:
		t.Fatalf("output type %q", on.OutputType)
	}
	if on.ChoiceCount < 0 {
		t.Fatalf("choice count %d", on.ChoiceCount)
	}
	if off.Messages != nil || off.SystemInstructions != nil {
		t.Fatalf("capture off read %+v, %q", off.Messages, off.SystemInstructions)
	}
	if json.Valid(body) {
		on.Messages, on.SystemInstructions = nil, nil
		if !reflect.DeepEqual(on, off) {
			t.Fatalf("%s: capture on read %+v, off %+v", body, on, off)
		}
	}
}

func FuzzParseSSE(f *testing.F) {
	seed(f, ".sse", "data: [DONE]\r\n\r\n", "event: message_stop\ndata: {}\n\n", "data: {\"error\":{\"message\":1}}\n\n")
	f.Fuzz(func(t *testing.T, body []byte) {
		for i, kind := range kinds {
			limit := 256
			res := newResult(limit)
			sp := newSSESplitter(streamParser{kind: kind, res: res}, limit)
			chunk := 1 + (len(body)+i)%13
			for b := body; len(b) > 0; {
				n := min(chunk, len(b))
				sp.write(b[:n])
				b = b[n:]
			}
			sp.end()
			checkResult(t, res, kind, limit)
			if len(sp.line) > limit || len(sp.data) > limit {
				t.Fatalf("splitter retained %d+%d bytes", len(sp.line), len(sp.data))
			}
		}
	})
}

// FuzzUnescape checks the string decoder against encoding/json.
func FuzzUnescape(f *testing.F) {
	for _, s := range []string{`"plain"`, `"a\nb\t\"q\"\\\/"`, `"\u00e9\ud83d\ude00"`, `"\ud800"`, `"\udc00\ud800x"`, `"\u12"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, lit []byte) {
		var want string
		if json.Unmarshal(lit, &want) != nil || !utf8.Valid(lit) {
			return
		}
		rd := newReader(lit)
		if got := rd.str(); got != want {
			t.Fatalf("%s: got %q, want %q", lit, got, want)
		}
	})
}

// FuzzInjectIncludeUsage checks that injection keeps a valid body valid and
// sets the flag, and never touches an invalid one beyond the insertion.
func FuzzInjectIncludeUsage(f *testing.F) {
	for _, s := range []string{`{"model":"m","stream":true}`, `{}`, ` { "stream_options" : {"x":1} } `,
		`{"stream_options":null}`, `[1]`, `{"a":"}"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out, ok := injectIncludeUsage(body)
		if !ok || !json.Valid(body) {
			return
		}
		var v struct {
			StreamOptions struct {
				IncludeUsage bool `json:"include_usage"`
			} `json:"stream_options"`
		}
		if err := json.Unmarshal(out, &v); err != nil {
			if strings.Contains(err.Error(), "cannot unmarshal") {
				return // stream_options of another type in a duplicate key
			}
			t.Fatalf("%s -> %s: %v", body, out, err)
		}
		if !v.StreamOptions.IncludeUsage && !strings.Contains(string(body), "include_usage") {
			t.Fatalf("%s -> %s: include_usage not set", body, out)
		}
	})
}
