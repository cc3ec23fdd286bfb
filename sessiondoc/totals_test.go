package sessiondoc

import (
	"encoding/json"
	"math"
	"testing"
)

// totalsDoc is a session the owner process "o" started (its stats: 1 LLM
// call, $1) and the processes of joins joined, with the spans and events
// each recorded: an LLM call of the owner's, and one of $0.25 with 10/2
// tokens and a failed tool call for each worker.
func totalsDoc(withStats bool, joins ...string) *Document {
	d := &Document{Processes: []Process{{ID: "o"}}, Spans: []Span{{SpanID: "root", Kind: SpanKindSession, Process: "o"}, {SpanID: "o1", Process: "o"}},
		Events: []Event{{EventType: EventTypeLLM, SpanID: "o1", LLMEvent: &LLMEvent{PromptTokens: 100, CompletionTokens: 10}}}}
	if withStats {
		d.Stats = &Stats{LLMCalls: 1, InputTokens: 100, OutputTokens: 10, TotalTokens: 110, CostUSD: 1}
	}
	cost := 0.25
	for _, p := range joins {
		d.Processes = append(d.Processes, Process{ID: p, Inherited: true})
		d.Spans = append(d.Spans, Span{SpanID: p + "-llm", Process: p}, Span{SpanID: p + "-tool", Process: p})
		d.Events = append(d.Events, Event{EventType: EventTypeLLM, SpanID: p + "-llm", LLMEvent: &LLMEvent{PromptTokens: 10, CompletionTokens: 2, CostUSD: &cost}},
			Event{EventType: EventTypeTool, SpanID: p + "-tool"}, Event{EventType: EventTypeError, SpanID: p + "-tool"})
	}
	return d
}

// processSpan is the span a joined process p ends its part with, carrying
// figures: 5 LLM calls (more than its events: some were dropped), $2.
func processSpan(id, p string) Span {
	return Span{SpanID: id, Kind: SpanKindTask, Process: p, Attributes: map[string]any{
		"agentops.session.inherited": true, "agentops.session.llm_calls": 5, "agentops.session.tool_calls": 1,
		"agentops.session.errors": 1, "agentops.session.input_tokens": 50, "agentops.session.output_tokens": 10,
		"agentops.session.total_tokens": 60, "agentops.session.cost_usd": 2.0, "agentops.session.unpriced_llm_calls": 1}}
}

// TestTotalsCountEveryProcessOnce: a session's totals are the owner's
// stats (else its events) plus, for each process that joined it, the
// figures of its process spans (else its events), each call once.
func TestTotalsCountEveryProcessOnce(t *testing.T) {
	owner := Stats{LLMCalls: 1, InputTokens: 100, OutputTokens: 10, TotalTokens: 110, CostUSD: 1}
	worker := Stats{LLMCalls: 5, ToolCalls: 1, Errors: 1, InputTokens: 50, OutputTokens: 10, TotalTokens: 60, CostUSD: 2, UnpricedLLMCalls: 1}
	events := Stats{LLMCalls: 1, ToolCalls: 1, Errors: 1, InputTokens: 10, OutputTokens: 2, TotalTokens: 12, CostUSD: 0.25}
	ownerEvents := Stats{LLMCalls: 1, InputTokens: 100, OutputTokens: 10, TotalTokens: 110, UnpricedLLMCalls: 1}
	sum := func(ss ...Stats) Stats {
		var t Stats
		for i := range ss {
			t.add(&ss[i])
		}
		return t
	}
	tests := []struct {
		name string
		doc  func() *Document
		want Stats
	}{
		{"one process: its stats, not its events", func() *Document { return totalsDoc(true) }, owner},
		{"one process running: its events", func() *Document { return totalsDoc(false) }, ownerEvents},
		{"a joined process's figures, not its events", func() *Document {
			d := totalsDoc(true, "w")
			d.Spans = append(d.Spans, processSpan("wp", "w"))
			return d
		}, sum(owner, worker)},
		{"a joined process killed before its end: its events", func() *Document { return totalsDoc(true, "w") }, sum(owner, events)},
		{"one ended, one killed", func() *Document {
			d := totalsDoc(true, "w", "k")
			d.Spans = append(d.Spans, processSpan("wp", "w"))
			return d
		}, sum(owner, worker, events)},
		{"a process that joined twice", func() *Document {
			d := totalsDoc(true, "w")
			d.Spans = append(d.Spans, processSpan("wp1", "w"), processSpan("wp2", "w"))
			return d
		}, sum(owner, worker, worker)},
		{"a process span listed twice counts once", func() *Document {
			d := totalsDoc(true, "w")
			d.Spans = append(d.Spans, processSpan("wp", "w"), processSpan("wp", "w"))
			return d
		}, sum(owner, worker)},
		{"running owner, ended worker", func() *Document {
			d := totalsDoc(false, "w")
			d.Spans = append(d.Spans, processSpan("wp", "w"))
			return d
		}, sum(ownerEvents, worker)},
		{"an event of a span not listed is the owner's", func() *Document {
			d := totalsDoc(true, "w")
			d.Spans = append(d.Spans, processSpan("wp", "w"))
			d.Events = append(d.Events, Event{EventType: EventTypeTool, SpanID: "gone"})
			return d
		}, sum(owner, worker)},
		{"figures of a process not listed as joined are not read", func() *Document {
			d := totalsDoc(true)
			d.Spans = append(d.Spans, processSpan("xp", "o"))
			return d
		}, owner},
	}
	for _, tt := range tests {
		if got := tt.doc().Totals(); got != tt.want {
			t.Errorf("%s: totals %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestTotalsOfADecodedDocument: the figures read back from JSON (numbers
// as float64) are the ones built in memory, and figures that are not
// counts (negative, fractional, text) count as 0.
func TestTotalsOfADecodedDocument(t *testing.T) {
	d := totalsDoc(true, "w")
	d.Spans = append(d.Spans, processSpan("wp", "w"))
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Document
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := back.Totals(), d.Totals(); got != want || got.LLMCalls != 6 {
		t.Errorf("decoded totals %+v, built %+v", got, want)
	}

	bad := processSpan("wp", "w")
	bad.Attributes["agentops.session.tool_calls"] = -3
	bad.Attributes["agentops.session.errors"] = 1.5
	bad.Attributes["agentops.session.input_tokens"] = "50"
	bad.Attributes["agentops.session.output_tokens"] = math.Inf(1)
	bad.Attributes["agentops.session.total_tokens"] = 1e300
	d = totalsDoc(true, "w")
	d.Spans = append(d.Spans, bad)
	got := d.Totals()
	if got.LLMCalls != 6 || got.ToolCalls != 0 || got.Errors != 0 || got.InputTokens != 100 || got.OutputTokens != 10 || got.TotalTokens != 110 {
		t.Errorf("totals with bad figures %+v: want them counted as 0", got)
	}
}
