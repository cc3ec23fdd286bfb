package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/sessiondoc"
)

// treeDocument is a session of two processes: the session, an agent with
// an LLM call under it, a process that joined with a failed tool, a span
// whose parent is not in the document, and two spans in a parent cycle.
func treeDocument(id string) sessiondoc.Document {
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	at := func(ms int) sessiondoc.Timestamp {
		return sessiondoc.Timestamp(t0.Add(time.Duration(ms) * time.Millisecond))
	}
	cost, ttft := 0.00072, 123.457
	span := func(id, parent, name, kind string, start, end int, proc string, events ...string) sessiondoc.Span {
		return sessiondoc.Span{SpanID: id, ParentSpanID: parent, Name: name, Kind: kind, Start: at(start), End: at(end), Process: proc, EventIDs: events}
	}
	tool := span("05", "04", "execute_tool fetch", sessiondoc.SpanKindTool, 40, 60, "box/2", "tool", "tool-err")
	tool.Error = "dial failed"
	return sessiondoc.Document{Name: "two processes",
		Session: sessiondoc.Session{SessionID: id, InitTimestamp: at(0), EndTimestamp: at(1000), EndState: "Success", Tags: []string{}},
		Events: []sessiondoc.Event{
			{ID: "llm", EventType: sessiondoc.EventTypeLLM, SpanID: "03", InitTimestamp: at(20), EndTimestamp: at(30),
				LLMEvent: &sessiondoc.LLMEvent{Model: "gpt-4o-2024-08-06", PromptTokens: 120, CompletionTokens: 45,
					CostUSD: &cost, TTFTMillis: &ttft, FinishReasons: []string{"stop", "length"}}},
			{ID: "tool", EventType: sessiondoc.EventTypeTool, SpanID: "05", InitTimestamp: at(40), EndTimestamp: at(60),
				ToolEvent: &sessiondoc.ToolEvent{Name: "fetch"}},
			{ID: "tool-err", EventType: sessiondoc.EventTypeError, SpanID: "05", InitTimestamp: at(40), EndTimestamp: at(60),
				ErrorEvent: &sessiondoc.ErrorEvent{ErrorType: "*net.OpError", Details: "dial tcp: refused"}},
		},
		Spans: []sessiondoc.Span{
			span("01", "", "run.session", sessiondoc.SpanKindSession, 0, 1000, "box/1"),
			span("02", "01", "invoke_agent planner", sessiondoc.SpanKindAgent, 10, 900, "box/1"),
			span("03", "02", "chat gpt-4o", sessiondoc.SpanKindLLM, 20, 30, "box/1", "llm"),
			span("04", "01", "worker.process", sessiondoc.SpanKindTask, 35, 80, "box/2"),
			tool,
			span("06", "ff", "GET", sessiondoc.SpanKindOther, 90, 95, "box/1"),
			span("07", "08", "loop-a", sessiondoc.SpanKindOther, 96, 97, "box/1"),
			span("08", "07", "loop-b", sessiondoc.SpanKindOther, 97, 98, "box/1"),
		},
		Processes: []sessiondoc.Process{{ID: "box/1", PID: 1, Host: "box", Service: "svc"}, {ID: "box/2", PID: 2, Host: "box", Service: "svc", Inherited: true}},
	}
}

// TestShowSpanTree: show draws the spans as a tree by parent, with the
// processes, each LLM call's cost, time to first token and finish reasons,
// the tool's name and error, the process a span changes to; a span whose
// parent is missing at the top, spans in a parent cycle once each.
func TestShowSpanTree(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000dd"
	doc := treeDocument(id)
	data, err := json.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id+".json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI("show", id, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	t.Logf("\n%s", out)
	lines := strings.Split(out, "\n")
	for _, want := range []string{
		"processes (2)", "box/1  pid 1  host box  service svc  started the session", "box/2  pid 2  host box  service svc  joined (inherited)",
		"spans (8)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q", want)
		}
	}
	for _, tc := range []struct {
		prefix string
		has    []string
	}{
		{"  ├─ +0s", []string{"session", "run.session", "1.0s"}},
		{"  │  ├─ +10ms", []string{"agent", "invoke_agent planner"}},
		{"  │  │  └─ +20ms", []string{"llm", "gpt-4o-2024-08-06", "10ms", "120/45 tok", "$0.0007", "ttft 123ms", "finish stop,length"}},
		{"  │  └─ +35ms", []string{"task", "worker.process"}},
		{"  │     └─ +40ms", []string{"tool", "fetch", "20ms"}},
		{"  ├─ +90ms", []string{"GET"}},
		{"  └─ +96ms", []string{"loop-a"}},
		{"     └─ +97ms", []string{"loop-b"}},
	} {
		line := lineOf(lines, tc.prefix)
		for _, has := range tc.has {
			if !strings.Contains(line, has) {
				t.Errorf("no line %q with %q; got %q", tc.prefix, has, line)
			}
		}
	}
	if strings.Count(out, "process box/1") != 0 {
		t.Error("spans of the session's own process are marked with it")
	}
	if l := lineOf(lines, "worker.process"); !strings.Contains(l, "process box/2 (inherited)") {
		t.Errorf("the joined process's span does not name its process: %q", l)
	}
	if l := lineOf(lines, "fetch"); !strings.Contains(l, "✗ dial tcp: refused") || strings.Contains(l, "process box/2") {
		t.Errorf("tool line %q: want its error, and no process mark (its parent's)", l)
	}
	if strings.Count(out, "loop-a") != 1 || strings.Count(out, "loop-b") != 1 {
		t.Errorf("spans in a cycle drawn other than once each")
	}
}
