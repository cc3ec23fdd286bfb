package e2e_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestOTLPViewInProcess checks what a plain OTLP endpoint receives from the
// in-process run: exact OTel GenAI v1.41.1, with the span names and
// attributes the conventions ask for.
func TestOTLPViewInProcess(t *testing.T) {
	run := runAgents(t)
	spans := fromOTLPSpans(run.otlp)
	checkOTLPView(t, spans)
	checkOTLPRules(t, spans)

	byName := map[string][]viewSpan{}
	for _, s := range spans {
		byName[s.name] = append(byName[s.name], s)
	}
	for _, name := range []string{"chat " + dottedModel, "execute_tool get_weather", "execute_tool book_hotel",
		"invoke_agent planner", "invoke_workflow plan_trip", "research.task", "chat " + unpricedModel} {
		if len(byName[name]) == 0 {
			t.Errorf("no span named %q; names: %q", name, mapKeys(byName))
		}
	}
	trip := run.sessions[0].id.String()
	calls := map[string]viewSpan{} // by response ID
	for _, s := range byName["chat "+dottedModel] {
		if id, ok := s.attr("gen_ai.response.id"); ok {
			calls[fmt.Sprint(id.val)] = s
		}
	}
	for _, id := range []string{"chatcmpl-1", "chatcmpl-2"} {
		wantAttr(t, calls[id], "gen_ai.conversation.id", trip)
	}
	wantAttr(t, calls["r-"+dottedModel], "gen_ai.conversation.id", run.sessions[1].id.String())
	if first, ok := calls["chatcmpl-1"]; !ok {
		t.Errorf("no span of the first call (response ID chatcmpl-1)")
	} else {
		wantAttr(t, first, "gen_ai.output.type", "json")
		wantAttr(t, first, "gen_ai.request.choice.count", int64(2))
		wantAttr(t, first, "gen_ai.request.max_tokens", int64(200))
		wantJSON(t, first, "gen_ai.system_instructions", `[{"type":"text","content":"Be terse."}]`)
		wantJSON(t, first, "gen_ai.output.messages",
			`[{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"}]`)
		wantAttr(t, first, "gen_ai.response.finish_reasons", []string{"tool_calls"})
	}
	if streamed, ok := calls["chatcmpl-2"]; !ok {
		t.Errorf("no span of the streamed call (response ID chatcmpl-2)")
	} else {
		wantAttr(t, streamed, "gen_ai.request.stream", true)
		wantAttr(t, streamed, "gen_ai.response.time_to_first_chunk", 0.12)
		wantAttr(t, streamed, "gen_ai.usage.reasoning.output_tokens", int64(8))
	}
	for _, s := range byName["invoke_agent planner"] {
		wantAttr(t, s, "gen_ai.agent.name", "planner")
		wantAttr(t, s, "gen_ai.conversation.id", trip)
		if _, ok := s.attr("gen_ai.provider.name"); !ok {
			t.Errorf("agent span %q lacks the required gen_ai.provider.name", s.name)
		}
	}
	for _, s := range byName["invoke_workflow plan_trip"] {
		wantAttr(t, s, "gen_ai.workflow.name", "plan_trip")
	}
	for _, s := range byName["execute_tool get_weather"] {
		wantAttr(t, s, "gen_ai.tool.call.id", "call_1")
		wantAttr(t, s, "gen_ai.tool.type", "function")
	}
}

// TestOTLPViewExamples checks the OTLP view of the quickstart and of
// examples/openai.
func TestOTLPViewExamples(t *testing.T) {
	for _, ex := range []struct {
		name string
		ex   example
	}{{"Quickstart", quickstart}, {"OpenAIExample", openaiExample}} {
		t.Run(ex.name, func(t *testing.T) {
			spans := fromOTLPSpans(runExample(t, ex.ex).otlp)
			checkOTLPView(t, spans)
			checkOTLPRules(t, spans)
		})
	}
}

// checkOTLPRules checks the rules of the recording that the registry
// leaves open: no AgentOps-view key is recorded, gen_ai.request.stream is
// set only on streamed calls (as true, with a time to first chunk), and a
// tool result message is one tool_call_response part.
func checkOTLPRules(t *testing.T, spans []viewSpan) {
	t.Helper()
	viewKeys := agentOpsViewKeys(t)
	for _, s := range spans {
		for _, a := range s.attrs {
			if slices.Contains(viewKeys, a.key) {
				t.Errorf("span %q: %s belongs to the AgentOps view only", s.name, a.key)
			}
		}
		stream, streamed := s.attr("gen_ai.request.stream")
		_, ttfc := s.attr("gen_ai.response.time_to_first_chunk")
		if streamed && stream.val != true {
			t.Errorf("span %q: gen_ai.request.stream = %v; leave it unset on calls that did not stream", s.name, stream.val)
		}
		if ttfc && !streamed {
			t.Errorf("span %q: a time to first chunk on a call not marked streamed", s.name)
		}
		if in, ok := s.attr("gen_ai.input.messages"); ok {
			checkToolResults(t, s.name, in.val)
		}
	}
}

// checkToolResults checks that each tool message of an input document is
// tool_call_response parts only.
func checkToolResults(t *testing.T, span string, doc any) {
	t.Helper()
	text, _ := doc.(string)
	var msgs []struct {
		Role  string `json:"role"`
		Parts []struct {
			Type string `json:"type"`
		} `json:"parts"`
	}
	if json.Unmarshal([]byte(text), &msgs) != nil {
		return // the schema check reports it
	}
	for i, m := range msgs {
		if m.Role != "tool" {
			continue
		}
		for _, p := range m.Parts {
			if p.Type != "tool_call_response" {
				t.Errorf("span %q: input message %d (a tool result) has a %q part; want tool_call_response parts only: %s", span, i, p.Type, text)
			}
		}
	}
}

// agentOpsViewKeys reads the keys of the "AgentOps view" groups of
// semconv/keys.tsv that are outside gen_ai.* (those the registry check
// covers): keys the recording never carries.
var agentOpsViewKeys = func() func(t *testing.T) []string {
	var once sync.Once
	var keys []string
	var err error
	return func(t *testing.T) []string {
		t.Helper()
		once.Do(func() {
			var f *os.File
			if f, err = os.Open("../semconv/keys.tsv"); err != nil {
				return
			}
			defer f.Close()
			inView := false
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				line := sc.Text()
				if group, ok := strings.CutPrefix(line, "## "); ok {
					inView = strings.HasPrefix(group, "AgentOps view")
					continue
				}
				fields := strings.Split(line, "\t")
				if inView && len(fields) > 1 && !strings.HasPrefix(fields[1], "gen_ai.") {
					keys = append(keys, fields[1])
				}
			}
			err = sc.Err()
		})
		if err != nil || !slices.Contains(keys, "tool.name") {
			t.Fatalf("reading the AgentOps view keys of semconv/keys.tsv: %v (found %q)", err, keys)
		}
		return keys
	}
}()

// wantAttr checks one attribute value.
func wantAttr(t *testing.T, s viewSpan, key string, want any) {
	t.Helper()
	if a, ok := s.attr(key); !ok || !reflect.DeepEqual(a.val, want) {
		t.Errorf("span %q: %s = %#v (present %v), want %#v", s.name, key, a.val, ok, want)
	}
}

// wantJSON checks that an attribute is the JSON document want, whatever
// the order of its keys.
func wantJSON(t *testing.T, s viewSpan, key, want string) {
	t.Helper()
	a, _ := s.attr(key)
	text, _ := a.val.(string)
	var got, exp any
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatal(err)
	}
	if json.Unmarshal([]byte(text), &got) != nil || !reflect.DeepEqual(got, exp) {
		t.Errorf("span %q: %s = %s, want %s", s.name, key, text, want)
	}
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
