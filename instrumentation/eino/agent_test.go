package oteleino

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/semconv"
)

// runAgent runs a ReAct agent on msgs with Generate, or with Stream read to
// its end, and returns its answer.
func runAgent(t *testing.T, ctx context.Context, a *react.Agent, stream bool, opts ...agent.AgentOption) (string, error) {
	t.Helper()
	in := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	if !stream {
		out, err := a.Generate(ctx, in, opts...)
		if err != nil {
			return "", err
		}
		return out.Content, nil
	}
	sr, err := a.Stream(ctx, in, opts...)
	if err != nil {
		return "", err
	}
	defer sr.Close()
	var answer string
	for {
		m, err := sr.Recv()
		if errors.Is(err, io.EOF) {
			return answer, nil
		}
		if err != nil {
			return answer, err
		}
		answer += m.Content
	}
}

// A ReAct agent's run is one agent span with its two LLM calls, the
// ToolsNode and the tool call under it, counted once each in the session
// whether the model's HTTP client has llmhttp or not, streamed or not.
func TestReactAgentRecordedOnce(t *testing.T) {
	for _, tc := range []struct {
		name                string
		handler, llmhttp    bool
		stream              bool
		wantLLMs, wantTools int
	}{
		{name: "handler", handler: true, wantLLMs: 2, wantTools: 1},
		{name: "handler+llmhttp", handler: true, llmhttp: true, wantLLMs: 2, wantTools: 1},
		{name: "llmhttp only", llmhttp: true, wantLLMs: 2},
		{name: "handler stream", handler: true, stream: true, wantLLMs: 2, wantTools: 1},
		{name: "handler+llmhttp stream", handler: true, llmhttp: true, stream: true, wantLLMs: 2, wantTools: 1},
		{name: "llmhttp only stream", llmhttp: true, stream: true, wantLLMs: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecorded(t)
			srv := newFakeModel(t)
			hc := httpClient(t, nil)
			if tc.llmhttp {
				hc = httpClient(t, r.client)
			}
			a := newAgent(t, srv, hc)
			h := NewHandler(WithClient(r.client))
			var opts []agent.AgentOption
			if tc.handler {
				opts = append(opts, agent.WithComposeOptions(compose.WithCallbacks(h)))
			}
			answer, err := runAgent(t, r.ctx, a, tc.stream, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if answer != reply {
				t.Errorf("answer %q, want %q", answer, reply)
			}
			if err := h.ForceFlush(context.Background()); err != nil {
				t.Fatal(err)
			}
			st := r.session.Stats()
			if st.LLMCalls != tc.wantLLMs || st.ToolCalls != tc.wantTools || st.Errors != 0 {
				t.Errorf("stats %+v, want %d LLM calls, %d tool calls, no error", st, tc.wantLLMs, tc.wantTools)
			}
			if st.InputTokens != 2*promptTokens || st.OutputTokens != toolTokens+completionTokens || st.CacheReadTokens != 2*cachedTokens {
				t.Errorf("tokens in %d out %d cache read %d, want %d, %d, %d", st.InputTokens, st.OutputTokens,
					st.CacheReadTokens, 2*promptTokens, toolTokens+completionTokens, 2*cachedTokens)
			}
			if srv.requests() != 2 {
				t.Errorf("%d model requests, want 2", srv.requests())
			}
			if tc.handler {
				assertAgentTree(t, r, tc.stream)
			}
		})
	}
}

// assertAgentTree checks the spans of one ReAct agent run: session → agent
// → (LLM, ToolsNode task → tool, LLM).
func assertAgentTree(t *testing.T, r *recorded, stream bool) {
	t.Helper()
	spans := r.spans()
	agents, llms, tools, toolsNode := spans["invoke_agent ReActAgent"], spans["chat "+testModel], spans["execute_tool "+toolName], spans["Tools.task"]
	if len(agents) != 1 || len(llms) != 2 || len(tools) != 1 || len(toolsNode) != 1 || len(spans) != 4 {
		t.Fatalf("spans %v, want one agent, two LLM calls, the ToolsNode task and one tool call", keys(spans))
	}
	root := r.session.SpanContext().SpanID()
	ag := agents[0]
	if ag.Parent().SpanID() != root {
		t.Errorf("the agent's parent is %s, want the session's root %s", ag.Parent().SpanID(), root)
	}
	for _, l := range llms {
		if l.Parent().SpanID() != ag.SpanContext().SpanID() {
			t.Errorf("LLM span's parent %s, want the agent", l.Parent().SpanID())
		}
		if got := attr(l, semconv.GenAIRequestStreamKey); (got.AsBool()) != stream {
			t.Errorf("gen_ai.request.stream %v, want %v", got.AsBool(), stream)
		}
		if got := attr(l, semconv.GenAIProviderNameKey).AsString(); got != semconv.GenAIProviderOpenAI {
			t.Errorf("provider %q, want openai", got)
		}
	}
	if toolsNode[0].Parent().SpanID() != ag.SpanContext().SpanID() || tools[0].Parent().SpanID() != toolsNode[0].SpanContext().SpanID() {
		t.Error("the tool call is not under the ToolsNode under the agent")
	}
	if got := attr(tools[0], semconv.GenAIToolCallIDKey).AsString(); got != toolCallID {
		t.Errorf("tool call ID %q, want %q", got, toolCallID)
	}
	if got := attr(tools[0], semconv.GenAIToolCallResultKey).AsString(); got != weatherTool {
		t.Errorf("tool result %q, want %q", got, weatherTool)
	}
	if got := attr(llms[1], semconv.GenAIResponseFinishReasonsKey).AsStringSlice(); len(got) != 1 || got[0] != "stop" {
		t.Errorf("final LLM call's finish reasons %v, want [stop]", got)
	}
}

func attr(s sdktrace.ReadOnlySpan, key attribute.Key) attribute.Value {
	for _, kv := range s.Attributes() {
		if kv.Key == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
