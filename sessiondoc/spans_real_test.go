package sessiondoc_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// joinChildEnv, when set, makes TestSinkSpansOfAnInheritedSession the
// joining child: it joins the inherited session, writing into the folder
// the variable names, records an LLM call and a tool, and ends.
const joinChildEnv = "SESSIONDOC_TEST_JOIN_CHILD_DIR"

// newClient returns an offline client writing session documents to dir.
func newClient(t testing.TB, dir string) *otelagentops.Client {
	c, err := otelagentops.New(context.Background(), otelagentops.WithSessionDir(dir), otelagentops.WithoutJournal(),
		otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSinkSpansOfAnInheritedSession runs a real session whose process
// hands it to a child process (the test binary again), which joins it
// (JoinInherited) and records an LLM call and a tool into its own partial
// file; the parent then records its own calls and ends the session. The
// session's one document holds the spans of both processes as one tree,
// the two processes (the child's inherited), each LLM call's cost, time to
// first token and finish reasons, and its calls' costs add up to the
// total; the session's totals count both processes' calls, each once.
func TestSinkSpansOfAnInheritedSession(t *testing.T) {
	if dir := os.Getenv(joinChildEnv); dir != "" {
		joinChild(t, dir)
		return
	}
	for _, name := range []string{"AGENTOPS_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
		"AGENTOPS_SESSION_DIR", "AGENTOPS_INHERITED_SESSION_ID", "TRACEPARENT"} {
		t.Setenv(name, "")
	}
	dir := t.TempDir()
	c := newClient(t, dir)
	ctx, s, err := c.StartSession(t.Context(), otelagentops.WithSessionName("parent"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSinkSpansOfAnInheritedSession$")
	cmd.Env = append(append(os.Environ(), s.Environ()...), joinChildEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	agentCtx, agent, err := c.StartAgent(ctx, "planner", "find a flight")
	if err != nil {
		t.Fatal(err)
	}
	_, call, _ := c.StartLLM(agentCtx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o",
		Messages: []otelagentops.Message{{Role: "user", Content: "plan"}}})
	call.End(otelagentops.LLMResponse{Model: "gpt-4o-2024-08-06", Usage: otelagentops.Usage{InputTokens: 1234, OutputTokens: 567},
		FinishReasons: []string{"stop"}, TimeToFirstToken: 123456789 * time.Nanosecond}, nil)
	user := 0.0007199999999999999
	_ = c.RecordLLM(agentCtx, otelagentops.LLMRequest{Model: "my-local-model"},
		otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 10, OutputTokens: 5}, CostUSD: &user}, nil)
	_ = c.RecordLLM(agentCtx, otelagentops.LLMRequest{Model: "my-local-model"},
		otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 10, OutputTokens: 5}}, nil)
	_ = c.RecordTool(agentCtx, otelagentops.Tool{Name: "book", Err: errors.New("no seats")})
	agent.End("booked", nil)
	if err := errors.Join(s.End(ctx, semconv.EndStateSuccess), c.Shutdown(context.Background())); err != nil {
		t.Fatal(err)
	}

	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(names) != 1 || filepath.Base(names[0]) != s.ID().String()+".json" {
		t.Fatalf("files %v, want the session's document only (the child's partial file merged)", names)
	}
	d, err := readDocument(names[0])
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, d)
	checkProcesses(t, d, cmd.Process.Pid)
	checkLLMFigures(t, d)
	checkTotals(t, d)
}

// checkTotals: the document's stats are the parent's; its totals add the
// child's calls (an LLM call of $0.5 and a tool), counted once though the
// child's process span and its events both record them.
func checkTotals(t *testing.T, d *sessiondoc.Document) {
	t.Helper()
	if d.Stats == nil || d.Stats.LLMCalls != 3 || d.Stats.ToolCalls != 1 || d.Stats.Errors != 1 {
		t.Fatalf("stats %+v, want the parent's: 3 LLM calls, a failed tool", d.Stats)
	}
	want := *d.Stats
	want.LLMCalls, want.ToolCalls = 4, 2
	want.InputTokens, want.OutputTokens, want.TotalTokens = want.InputTokens+1, want.OutputTokens+1, want.TotalTokens+2
	want.CostUSD = math.Round((want.CostUSD+0.5)*1e12) / 1e12
	if got := d.Totals(); got != want {
		t.Errorf("totals %+v, want %+v (the parent's stats and the child's calls)", got, want)
	}
}

// readDocument decodes the document at path.
func readDocument(path string) (*sessiondoc.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d sessiondoc.Document
	return &d, jsonUnmarshal(data, &d)
}

// checkTree: every span hangs under another of the document but the root,
// the child's spans (its process span too) under the root, as a joined
// session records them, the parent's LLM calls under the agent; every event names a span that names it back.
func checkTree(t *testing.T, d *sessiondoc.Document) {
	t.Helper()
	byID := map[string]sessiondoc.Span{}
	byName := map[string]sessiondoc.Span{}
	for _, sp := range d.Spans {
		byID[sp.SpanID] = sp
		byName[sp.Name] = sp
	}
	roots := 0
	for _, sp := range d.Spans {
		if sp.ParentSpanID == "" {
			roots++
			if sp.Kind != sessiondoc.SpanKindSession {
				t.Errorf("span %q without a parent, kind %s", sp.Name, sp.Kind)
			}
		} else if _, ok := byID[sp.ParentSpanID]; !ok {
			t.Errorf("span %q: parent %s is not in the document", sp.Name, sp.ParentSpanID)
		}
	}
	if roots != 1 || len(d.Spans) != 9 {
		t.Errorf("%d roots and %d spans, want 1 and 9 (session, child process, its LLM call and tool, agent, 3 LLM calls, tool)", roots, len(d.Spans))
	}
	proc, agent := byName["joiner.process"], byName["invoke_agent planner"]
	if byID[proc.ParentSpanID].Kind != sessiondoc.SpanKindSession || proc.Process == agent.Process {
		t.Errorf("the child's process span %+v does not hang under the root, from its own process", proc)
	}
	if proc.Kind != sessiondoc.SpanKindTask || agent.Kind != sessiondoc.SpanKindAgent || agent.Attributes["gen_ai.agent.name"] != "planner" {
		t.Errorf("process span %+v, agent span %+v", proc, agent)
	}
	for _, sp := range d.Spans {
		switch {
		case sp.Kind == sessiondoc.SpanKindLLM && sp.Process == proc.Process && byID[sp.ParentSpanID].Kind != sessiondoc.SpanKindSession,
			sp.Kind == sessiondoc.SpanKindLLM && sp.Process != proc.Process && sp.ParentSpanID != agent.SpanID:
			t.Errorf("LLM span %q hangs under %q", sp.Name, byID[sp.ParentSpanID].Name)
		}
		if sp.Kind == sessiondoc.SpanKindTool && sp.Process != proc.Process && sp.Error != "no seats" {
			t.Errorf("the failed tool's span has error %q", sp.Error)
		}
	}
	for _, e := range d.Events {
		if sp, ok := byID[e.SpanID]; !ok || !slices.Contains(sp.EventIDs, e.ID) {
			t.Errorf("event %s (%s) names span %q, which does not name it", e.ID, e.EventType, e.SpanID)
		}
	}
	if !slices.IsSortedFunc(d.Spans, func(a, b sessiondoc.Span) int { return a.Start.Time().Compare(b.Start.Time()) }) {
		t.Error("spans not in start order")
	}
}

// checkProcesses: the parent and the child, the child inherited.
func checkProcesses(t *testing.T, d *sessiondoc.Document, childPID int) {
	t.Helper()
	want := []sessiondoc.Process{
		{ID: strconv.Itoa(os.Getpid()), PID: os.Getpid(), Service: d.Processes[0].Service},
		{ID: strconv.Itoa(childPID), PID: childPID, Service: d.Processes[0].Service, Inherited: true},
	}
	if len(d.Processes) != 2 || d.Processes[0].Service == "" {
		t.Fatalf("processes %+v, want %+v", d.Processes, want)
	}
	for i := range want {
		want[i].Host = d.Processes[i].Host // host.name of the root and of the process span
		if d.Processes[i] != want[i] || want[i].Host == "" {
			t.Errorf("process %d: %+v, want %+v with a host", i, d.Processes[i], want[i])
		}
	}
	for _, sp := range d.Spans {
		if sp.Process != want[0].ID && sp.Process != want[1].ID {
			t.Errorf("span %q names process %q", sp.Name, sp.Process)
		}
	}
}

// checkLLMFigures: each LLM call's cost (the user's, the table's, none for
// an unknown model), time to first token and finish reasons; the parent's
// calls add up to the session's cost to the picodollar.
func checkLLMFigures(t *testing.T, d *sessiondoc.Document) {
	t.Helper()
	var costs []float64
	var sum int64
	for _, e := range d.Events {
		if e.EventType != sessiondoc.EventTypeLLM {
			continue
		}
		if e.CostUSD != nil {
			costs = append(costs, *e.CostUSD)
			if e.Model != "child-model" {
				sum += int64(math.Round(*e.CostUSD * 1e12))
			}
			if s := strconv.FormatFloat(*e.CostUSD, 'f', -1, 64); len(s) > 16 {
				t.Errorf("cost %s has float noise", s)
			}
		}
		switch e.Model {
		case "gpt-4o-2024-08-06":
			if e.CostUSD == nil || *e.CostUSD <= 0 || e.TTFTMillis == nil || *e.TTFTMillis != 123.457 || !slices.Equal(e.FinishReasons, []string{"stop"}) {
				t.Errorf("gpt-4o call: cost %v ttft %v finish %v; want a cost, 123.457 ms, [stop]", e.CostUSD, e.TTFTMillis, e.FinishReasons)
			}
		case "child-model":
			if e.CostUSD == nil || *e.CostUSD != 0.5 || !slices.Equal(e.FinishReasons, []string{"length"}) {
				t.Errorf("child call: cost %v finish %v", e.CostUSD, e.FinishReasons)
			}
		}
	}
	if len(costs) != 3 || !slices.Contains(costs, 0.00072) {
		t.Errorf("costs %v, want 3 of 4 calls priced, one the user's 0.00072 (rounded)", costs)
	}
	if d.Stats == nil || d.Stats.UnpricedLLMCalls != 1 || int64(math.Round(d.Stats.CostUSD*1e12)) != sum {
		t.Errorf("stats %+v, want the parent's calls' costs to add up to %d picodollars", d.Stats, sum)
	}
}

// joinChild is the child of TestSinkSpansOfAnInheritedSession.
func joinChild(t *testing.T, dir string) {
	c := newClient(t, dir)
	ctx, s, err := c.JoinInherited(context.Background(), otelagentops.WithSessionName("joiner"))
	if err != nil {
		t.Fatal(err)
	}
	cost := 0.5
	err = errors.Join(c.RecordLLM(ctx, otelagentops.LLMRequest{Model: "child-model"},
		otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 1, OutputTokens: 1}, CostUSD: &cost, FinishReasons: []string{"length"}}, nil),
		c.RecordTool(ctx, otelagentops.Tool{Name: "fetch", Input: "x", Output: "y"}),
		s.End(ctx, semconv.EndStateSuccess), c.Shutdown(context.Background()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		t.Fatal(err)
	}
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
