package llmhttp

import (
	"strings"
	"testing"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// TestContentOffKeepsFiguresAndDropsText runs each realistic body with
// content capture off: the output text is then skipped unread, so the test
// checks that what is not content (usage, finish reasons, time to first
// token) is still recorded, and that no text is, of the response or of the
// request (messages and system instructions).
func TestContentOffKeepsFiguresAndDropsText(t *testing.T) {
	for _, tc := range []struct {
		file, contentType, path, request string
		output                           int64 // the exact count; -1: some; 0: the body reports no usage
		stream                           bool
	}{
		{"openai_chat.json", "application/json", "/v1/chat/completions",
			`{"model":"gpt-4o-mini","messages":[{"role":"system","content":"secret"},{"role":"user","content":"secret"}]}`, 8, false},
		{"openai_chat_tools.json", "application/json", "/v1/chat/completions", `{"model":"gpt-4o-mini"}`, -1, false},
		{"openai_chat_stream.sse", "text/event-stream", "/v1/chat/completions", `{"model":"gpt-4o-mini","stream":true}`, 7, true},
		{"openai_chat_tools_stream.sse", "text/event-stream", "/v1/chat/completions", `{"model":"gpt-4o-mini","stream":true}`, 0, true},
		{"anthropic_message.json", "application/json", "/v1/messages",
			`{"model":"claude-sonnet-4-20250514","system":"secret","messages":[{"role":"user","content":"secret"}]}`, -1, false},
		{"anthropic_stream.sse", "text/event-stream", "/v1/messages", `{"model":"claude-sonnet-4-20250514","stream":true}`, -1, true},
		{"responses.json", "application/json", "/v1/responses", `{"model":"gpt-4o-mini","instructions":"secret","input":"secret"}`, -1, false},
		{"responses_stream.sse", "text/event-stream", "/v1/responses", `{"model":"gpt-4o-mini","stream":true}`, -1, true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := newRecorded(t, otelagentops.WithContentCapture(false))
			srv, _ := serve(t, 200, tc.contentType, testdata(t, tc.file))
			post(t, r.ctx, Middleware(), srv, tc.path, []byte(tc.request))
			a := attrs(r.one(t))
			out, reported := a[semconv.GenAIUsageOutputTokensKey]
			switch {
			case tc.output == 0 && reported:
				t.Errorf("output tokens %d from a body that reports none", out.AsInt64())
			case tc.output != 0 && (out.AsInt64() <= 0 || (tc.output > 0 && out.AsInt64() != tc.output)):
				t.Errorf("output tokens %d, want %d", out.AsInt64(), tc.output)
			}
			if len(a[semconv.GenAIResponseFinishReasonsKey].AsStringSlice()) == 0 {
				t.Error("no finish reasons")
			}
			if tc.stream && a[semconv.GenAIResponseTimeToFirstChunkKey].AsFloat64() <= 0 {
				t.Error("no time to first chunk")
			}
			for k, v := range a {
				if strings.Contains(v.String(), "secret") {
					t.Errorf("request text recorded with capture off: %s", k)
				}
				switch k {
				case semconv.GenAIInputMessagesKey, semconv.GenAIOutputMessagesKey, semconv.GenAISystemInstructionsKey:
					t.Errorf("content recorded with capture off: %s", k)
				}
				if strings.HasPrefix(string(k), "gen_ai.prompt.") || strings.HasPrefix(string(k), "gen_ai.completion.") {
					t.Errorf("AgentOps view key recorded: %s", k)
				}
			}
		})
	}
}
