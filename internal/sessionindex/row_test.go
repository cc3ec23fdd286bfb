package sessionindex_test

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/internal/recording"
	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
	"github.com/agentops-go/sdk/sessiondoc"
)

// TestSummarizeModels: a row's models are its document's LLM calls by
// model, with each call's cost (cost_usd, or the user's cost of a document
// written before it), unpriced calls counted, the costliest first; the
// models' costs add up to the session's.
func TestSummarizeModels(t *testing.T) {
	f := sessionindextest.Write(t)
	for _, tc := range []struct {
		id   string
		want []sessionindex.ModelUsage
	}{
		{f.SuccessID, []sessionindex.ModelUsage{
			{Model: "gpt-4.1", Calls: 1, InputTokens: 120, OutputTokens: 45, CostUSD: 0.0125},
			{Model: "my-local-model", Calls: 1, InputTokens: 10, OutputTokens: 5, Unpriced: 1},
		}},
		{sessionindextest.RunningID, []sessionindex.ModelUsage{{Model: "claude-x", Calls: 1, InputTokens: 7, OutputTokens: 3, CostUSD: 0.5}}},
		{f.FailID, nil},
	} {
		doc, _, err := sessionindex.Read(f.Dir, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		r := sessionindex.Summarize(doc)
		if !reflect.DeepEqual(r.Models, tc.want) {
			t.Errorf("%s: models %+v, want %+v", tc.id, r.Models, tc.want)
		}
		var sum float64
		for _, m := range r.Models {
			sum += m.CostUSD
		}
		if math.Abs(sum-r.CostUSD) > 1e-12 {
			t.Errorf("%s: models cost %v, session %v", tc.id, sum, r.CostUSD)
		}
	}
}

// TestSummarizeModelsOrderAndSums: models sort costliest first, then by
// calls and name; costs add up without float noise.
func TestSummarizeModelsOrderAndSums(t *testing.T) {
	cost := func(c float64) *float64 { return &c }
	llm := func(model string, c *float64) sessiondoc.Event {
		return sessiondoc.Event{EventType: sessiondoc.EventTypeLLM, LLMEvent: &sessiondoc.LLMEvent{Model: model, PromptTokens: 1, CompletionTokens: 2, CostUSD: c}}
	}
	doc := &sessiondoc.Document{Events: []sessiondoc.Event{
		llm("b", nil), llm("a", nil), llm("a", nil), llm("cheap", cost(0.00012)), llm("cheap", cost(0.0006)),
		llm("dear", cost(1)), {EventType: sessiondoc.EventTypeTool, ToolEvent: &sessiondoc.ToolEvent{Name: "x"}},
	}}
	r := sessionindex.Summarize(doc)
	want := []sessionindex.ModelUsage{
		{Model: "dear", Calls: 1, InputTokens: 1, OutputTokens: 2, CostUSD: 1},
		{Model: "cheap", Calls: 2, InputTokens: 2, OutputTokens: 4, CostUSD: 0.00072},
		{Model: "a", Calls: 2, InputTokens: 2, OutputTokens: 4, Unpriced: 2},
		{Model: "b", Calls: 1, InputTokens: 1, OutputTokens: 2, Unpriced: 1},
	}
	if !reflect.DeepEqual(r.Models, want) {
		t.Errorf("models %+v\nwant %+v", r.Models, want)
	}
	if r.CostUSD != 1.00072 || r.Unpriced != 3 || r.LLMCalls != 6 {
		t.Errorf("row cost %v unpriced %d calls %d, want 1.00072, 3, 6", r.CostUSD, r.Unpriced, r.LLMCalls)
	}
}

// TestJoinedSessionCountsEveryProcess: the row of a session a second
// process joined counts the calls of both processes, each once, whether
// the document is decoded in full (Summarize) or leanly (List): the
// document's stats are the owner's, and the worker's calls are in its
// process span and events. The worker's partial file was merged.
func TestJoinedSessionCountsEveryProcess(t *testing.T) {
	f := sessionindextest.Write(t)
	doc, _, err := sessionindex.Read(f.Dir, f.JoinedID)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Processes) != 2 || !doc.Processes[1].Inherited || doc.Processes[1].PID != sessionindextest.JoinedPID ||
		doc.Stats == nil || doc.Stats.LLMCalls != 1 {
		t.Fatalf("not a joined session's document: processes %+v, stats %+v", doc.Processes, doc.Stats)
	}
	if _, err := os.Stat(filepath.Join(f.Dir, f.JoinedID+".partial-"+strconv.Itoa(sessionindextest.JoinedPID)+".json")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the worker's partial file was not merged: %v", err)
	}
	rows, err := sessionindex.List(f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var lean sessionindex.Row
	for _, r := range rows {
		if r.ID == f.JoinedID {
			lean = r
		}
	}
	for what, r := range map[string]sessionindex.Row{"full": sessionindex.Summarize(doc), "lean": lean} {
		if r.LLMCalls != sessionindextest.JoinedLLMCalls || r.ToolCalls != sessionindextest.JoinedToolCalls ||
			r.Errors != sessionindextest.JoinedErrors || r.Unpriced != sessionindextest.JoinedUnpriced ||
			r.InputTokens != sessionindextest.JoinedInputTokens || r.OutputTokens != sessionindextest.JoinedOutputTokens ||
			r.CostUSD != sessionindextest.JoinedOwnerCostUSD+sessionindextest.JoinedWorkerCostUSD {
			t.Errorf("%s row %+v: want both processes' calls (%d LLM, %d tool, %d error, %d unpriced, %d/%d tokens, $%v)", what, r,
				sessionindextest.JoinedLLMCalls, sessionindextest.JoinedToolCalls, sessionindextest.JoinedErrors, sessionindextest.JoinedUnpriced,
				sessionindextest.JoinedInputTokens, sessionindextest.JoinedOutputTokens, sessionindextest.JoinedOwnerCostUSD+sessionindextest.JoinedWorkerCostUSD)
		}
	}
}

// TestSummarizeCountsAFailedCallOnce: the error count the viewer shows for
// a running document (no stats yet: counted from its events) holds a
// tools/call that failed on both sides once, as the session stats do.
func TestSummarizeCountsAFailedCallOnce(t *testing.T) {
	client, server := recording.FailedToolCall(5)
	doc := sessiondoc.NewDocument(tracetest.SpanStubs{client, server}.Snapshots())
	if !doc.Partial || doc.Stats != nil {
		t.Fatalf("want a running document without stats: partial %v, stats %+v", doc.Partial, doc.Stats)
	}
	if r := sessionindex.Summarize(&doc); r.Errors != 1 || r.ToolCalls != 1 {
		t.Errorf("row: %d errors, %d tool calls; want 1 and 1", r.Errors, r.ToolCalls)
	}
}
