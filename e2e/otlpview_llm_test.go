package e2e_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"
	goopenai "github.com/sashabaranov/go-openai"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/semconv"
)

// TestOTLPViewLLMClients records calls of the real openai-go,
// anthropic-sdk-go and go-openai clients through llmhttp against the local
// LLM server, and checks every span the session recorded (the OTLP view is
// the recording) against the v1.41.1 conventions: tool-call round trips
// with tool results, Anthropic's top-level system, streamed and plain calls.
func TestOTLPViewLLMClients(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, r *llmRun)
	}{
		{"OpenAIGoToolRoundTrip", openAIToolRoundTrip},
		{"OpenAIGoStream", func(t *testing.T, r *llmRun) {
			client := newOpenAI(r)
			stream := client.Chat.Completions.NewStreaming(r.ctx, chatParams(true))
			for stream.Next() {
			}
			noError(t, stream.Err())
		}},
		{"OpenAIGoFormatAndChoices", func(t *testing.T, r *llmRun) {
			client := newOpenAI(r)
			params := chatParams(false)
			params.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}
			params.N = openai.Int(2)
			_, err := client.Chat.Completions.New(r.ctx, params)
			noError(t, err)
			call := fromRecorded([]sdktrace.ReadOnlySpan{r.only(t)})[0]
			wantAttr(t, call, "gen_ai.output.type", "json")
			wantAttr(t, call, "gen_ai.request.choice.count", int64(2))
		}},
		{"OpenAIGoResponses", func(t *testing.T, r *llmRun) {
			client := newOpenAI(r)
			params := responses.ResponseNewParams{Model: "gpt-4o-mini", Instructions: openai.String("Be terse."),
				Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Weather in Paris?")}}
			_, err := client.Responses.New(r.ctx, params)
			noError(t, err)
			stream := client.Responses.NewStreaming(r.ctx, params)
			for stream.Next() {
			}
			noError(t, stream.Err())
		}},
		{"OpenAIGoEmbeddings", func(t *testing.T, r *llmRun) {
			client := newOpenAI(r)
			_, err := client.Embeddings.New(r.ctx, openai.EmbeddingNewParams{Model: openai.EmbeddingModelTextEmbedding3Small,
				Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"a", "b"}}})
			noError(t, err)
		}},
		{"AnthropicSystem", func(t *testing.T, r *llmRun) {
			client := newAnthropic(r)
			_, err := client.Messages.New(r.ctx, messageParams())
			noError(t, err)
		}},
		{"AnthropicToolRoundTrip", anthropicToolRoundTrip},
		{"GoOpenAI", func(t *testing.T, r *llmRun) {
			client := newGoOpenAI(t, r)
			_, err := client.CreateChatCompletion(r.ctx, goChatRequest())
			noError(t, err)
			req := goChatRequest()
			req.Stream, req.StreamOptions = true, &goopenai.StreamOptions{IncludeUsage: true}
			stream, err := client.CreateChatCompletionStream(r.ctx, req)
			noError(t, err)
			for {
				if _, err := stream.Recv(); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatal(err)
				}
			}
			_ = stream.Close()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newLLMRun(t)
			tc.run(t, r)
			noError(t, r.session.End(r.ctx, semconv.EndStateSuccess))
			spans := fromRecorded(r.rec.Ended())
			llmSpans := 0
			for _, s := range spans {
				if k, _ := s.attr("agentops.span.kind"); k.val == "llm" {
					llmSpans++
				}
			}
			if llmSpans == 0 || len(spans) != llmSpans+1 {
				t.Fatalf("%d spans, %d of them LLM calls; want the calls and the session root", len(spans), llmSpans)
			}
			checkOTLPView(t, spans)
			checkOTLPRules(t, spans)
			checkStreamFlag(t, r, spans)
			if strings.HasPrefix(tc.name, "Anthropic") || tc.name == "OpenAIGoResponses" {
				checkSystemInstructions(t, spans)
			}
		})
	}
}

// openAIToolRoundTrip: a tool call, then the tool's result sent back.
func openAIToolRoundTrip(t *testing.T, r *llmRun) {
	client := newOpenAI(r)
	params := chatParams(false)
	params.Tools = []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{
		Name: llmserver.ToolName, Parameters: openai.FunctionParameters{"type": "object",
			"properties": map[string]any{"location": map[string]string{"type": "string"}}},
	})}
	first, err := client.Chat.Completions.New(r.ctx, params)
	noError(t, err)
	call := first.Choices[0].Message.ToolCalls[0]
	params.Messages = append(params.Messages, first.Choices[0].Message.ToParam(), openai.ToolMessage("15°C, sunny", call.ID))
	_, err = client.Chat.Completions.New(r.ctx, params)
	noError(t, err)
	spans := fromRecorded(r.spans(t))
	if len(spans) != 2 {
		t.Fatalf("%d LLM spans, want 2", len(spans))
	}
	wantJSONContains(t, spans[1], "gen_ai.input.messages",
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"`+call.ID+`","response":"15°C, sunny"}]}`)
}

// anthropicToolRoundTrip: a streamed tool_use, then its tool_result.
func anthropicToolRoundTrip(t *testing.T, r *llmRun) {
	client := newAnthropic(r)
	params := messageParams()
	params.Tools = []anthropic.ToolUnionParam{{OfTool: &anthropic.ToolParam{Name: llmserver.ToolName,
		InputSchema: anthropic.ToolInputSchemaParam{Properties: map[string]any{"location": map[string]string{"type": "string"}}}}}}
	stream := client.Messages.NewStreaming(r.ctx, params)
	var first anthropic.Message
	for stream.Next() {
		_ = first.Accumulate(stream.Current())
	}
	noError(t, stream.Err())
	use := first.Content[1]
	params.Messages = append(params.Messages, first.ToParam(),
		anthropic.NewUserMessage(anthropic.NewToolResultBlock(use.ID, "15°C, sunny", false)))
	_, err := client.Messages.New(r.ctx, params)
	noError(t, err)
	spans := fromRecorded(r.spans(t))
	if len(spans) != 2 {
		t.Fatalf("%d LLM spans, want 2", len(spans))
	}
	wantJSONContains(t, spans[0], "gen_ai.output.messages",
		`{"type":"tool_call","id":"`+use.ID+`","name":"get_weather","arguments":`+llmserver.ToolArguments+`}`)
	wantJSONContains(t, spans[1], "gen_ai.input.messages",
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"`+use.ID+`","response":"15°C, sunny"}]}`)
}

// checkStreamFlag checks gen_ai.request.stream against what the server
// was asked: true on streamed calls, absent on the others.
func checkStreamFlag(t *testing.T, r *llmRun, spans []viewSpan) {
	t.Helper()
	var streamedReqs, streamedSpans int
	for _, req := range r.srv.Requests() {
		if strings.Contains(string(req.Body), `"stream":true`) {
			streamedReqs++
		}
	}
	for _, s := range spans {
		if a, ok := s.attr("gen_ai.request.stream"); ok && a.val == true {
			streamedSpans++
		}
	}
	if streamedSpans != streamedReqs {
		t.Errorf("%d spans with gen_ai.request.stream=true for %d streamed requests", streamedSpans, streamedReqs)
	}
}

// checkSystemInstructions checks that system text given apart from the
// chat history (Anthropic's system, the Responses API's instructions) is
// recorded as gen_ai.system_instructions, not as a system message.
func checkSystemInstructions(t *testing.T, spans []viewSpan) {
	t.Helper()
	for _, s := range spans {
		if k, _ := s.attr("agentops.span.kind"); k.val != "llm" {
			continue
		}
		wantJSON(t, s, "gen_ai.system_instructions", `[{"type":"text","content":"Be terse."}]`)
		if in, _ := s.attr("gen_ai.input.messages"); strings.Contains(fmt.Sprint(in.val), `"role":"system"`) {
			t.Errorf("span %q: the system instructions are also an input message: %s", s.name, in.val)
		}
	}
}

// wantJSONContains checks that the JSON document of key holds the JSON
// value want at some depth (whatever the order of keys).
func wantJSONContains(t *testing.T, s viewSpan, key, want string) {
	t.Helper()
	a, _ := s.attr(key)
	text, _ := a.val.(string)
	var doc, exp any
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatal(err)
	}
	if json.Unmarshal([]byte(text), &doc) != nil || !holds(doc, exp) {
		t.Errorf("span %q: %s = %s; want it to hold %s", s.name, key, text, want)
	}
}

// holds reports whether doc is want or holds it in an array or object.
func holds(doc, want any) bool {
	if reflect.DeepEqual(doc, want) {
		return true
	}
	switch v := doc.(type) {
	case []any:
		return slices.ContainsFunc(v, func(e any) bool { return holds(e, want) })
	case map[string]any:
		for _, e := range v {
			if holds(e, want) {
				return true
			}
		}
	}
	return false
}
