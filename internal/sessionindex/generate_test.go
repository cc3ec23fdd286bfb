package sessionindex

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/sessiondoc"
)

// generated describes a folder writeSessions filled.
type generated struct {
	Files, Running, Recovered, Malformed, Joined int
	Bytes                                        int64
}

// Shares of the generated documents, in thousandths.
const (
	runningPerMille   = 40 // partial: no end, no stats
	recoveredPerMille = 15 // ended Indeterminate by the journal recovery
	malformedPerMille = 10 // cut in half, as a write interrupted
	joinedPerMille    = 60 // joined by a second process (of any of the kinds above)
)

// writeSessions writes n session documents shaped like the ones a Sink
// writes (indented JSON: the session with host data, one to six LLM calls
// with prompts and completions of hundreds to thousands of characters, tool
// calls with input and output, actions, errors with stacks, a span per
// event) into dir. The same seed writes the same documents. Starts go back
// from an hour ago, one session every few minutes; each file's modification
// time is its session's last write (its end, or a recent time for a
// running one), so the files look like a folder that grew over months.
func writeSessions(tb testing.TB, dir string, n int, seed uint64) generated {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 42))
	joins := rand.New(rand.NewPCG(seed, 5151)) // its own stream: the other documents stay as they were
	var g generated
	start := time.Now().Add(-time.Hour).UTC().Truncate(time.Microsecond)
	for i := range n {
		id := fmt.Sprintf("%08x-%04x-7%03x-8%03x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), i)
		start = start.Add(-time.Duration(rng.IntN(600)+1) * time.Second)
		doc, last := generateDocument(rng, id, start)
		if joins.IntN(1000) < joinedPerMille {
			joinWorker(joins, doc)
			g.Joined++
		}
		kind := rng.IntN(1000)
		switch {
		case kind < runningPerMille:
			doc.Session.EndTimestamp, doc.Session.EndState, doc.Session.EndStateReason = sessiondoc.Timestamp{}, "", ""
			doc.Stats, doc.Partial, doc.Spans = nil, true, doc.Spans[1:]
			last = start.Add(time.Duration(rng.IntN(600)+1) * time.Second) // its last batch
			g.Running++
		case kind < runningPerMille+recoveredPerMille:
			doc.Session.EndState = "Indeterminate"
			doc.Session.EndStateReason = "N/A (the process ended without ending the session: it was killed or crashed; recovered from the session journal by process 42)"
			doc.Stats, doc.Partial = nil, true
			g.Recovered++
		}
		data, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			tb.Fatal(err)
		}
		data = append(data, '\n')
		if kind >= 1000-malformedPerMille {
			data = data[:len(data)/2]
			g.Malformed++
		}
		path := filepath.Join(dir, id+".json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			tb.Fatal(err)
		}
		if err := os.Chtimes(path, last, last); err != nil {
			tb.Fatal(err)
		}
		g.Files++
		g.Bytes += int64(len(data))
	}
	return g
}

var (
	genModels = []string{"gpt-4.1", "gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-pro", "my-local-model"}
	tools     = []string{"search", "get_weather", "read_file", "book_flight", "run_sql"}
	words     = strings.Fields(`the agent plans a trip reads the weather forecast for Paris and books a
		flight then checks the calendar writes a summary of the findings and answers the user with a
		short list of options including prices times and a recommendation based on the budget`)
)

// generateDocument returns a complete session document of id started at
// start, and the time of its end.
func generateDocument(rng *rand.Rand, id string, start time.Time) (*sessiondoc.Document, time.Time) {
	ts := func(t time.Time) sessiondoc.Timestamp { return sessiondoc.Timestamp(t) }
	doc := &sessiondoc.Document{
		Name: []string{"checkout", "planner", "research", "support-bot", "eval run"}[rng.IntN(5)],
		Session: sessiondoc.Session{SessionID: id, InitTimestamp: ts(start),
			Tags: [][]string{{}, {"prod"}, {"eval", "nightly"}, {"shop", "eval"}}[rng.IntN(4)],
			HostEnv: map[string]any{
				"OS":  map[string]any{"OS": "linux", "Architecture": "amd64", "Hostname": "box-" + id[:4], "OS Version": "Debian (linux)"},
				"SDK": map[string]any{"AgentOps SDK Version": "0.1.0", "Go Version": "go1.26"},
				"CPU": map[string]any{"Total cores": 8}, "RAM": map[string]any{"Total": "16.00 GB"},
			}},
		Processes: []sessiondoc.Process{{ID: "box/4242", PID: 4242, Host: "box", Service: "agent"}},
		Stats:     &sessiondoc.Stats{},
	}
	root := fmt.Sprintf("%016x", rng.Uint64())
	doc.Spans = append(doc.Spans, sessiondoc.Span{SpanID: root, Name: doc.Name + ".session", Kind: sessiondoc.SpanKindSession, Start: ts(start), Process: "box/4242"})
	at := start.Add(time.Duration(rng.IntN(50)+1) * time.Millisecond)
	add := func(e sessiondoc.Event, kind string, took time.Duration) {
		e.ID, e.SessionID, e.SpanID = fmt.Sprintf("%s-%d", id[:8], len(doc.Events)), id, fmt.Sprintf("%016x", rng.Uint64())
		e.InitTimestamp, e.EndTimestamp = ts(at), ts(at.Add(took))
		doc.Events = append(doc.Events, e)
		doc.Spans = append(doc.Spans, sessiondoc.Span{SpanID: e.SpanID, ParentSpanID: root, Name: e.EventType, Kind: kind,
			Start: e.InitTimestamp, End: e.EndTimestamp, EventIDs: []string{e.ID}, Process: "box/4242"})
		at = at.Add(took + time.Duration(rng.IntN(200))*time.Millisecond)
	}
	for range rng.IntN(6) + 1 {
		model := genModels[rng.IntN(len(genModels))]
		in, out := int64(rng.IntN(4000)+50), int64(rng.IntN(800)+10)
		llm := &sessiondoc.LLMEvent{Model: model, PromptTokens: in, CompletionTokens: out,
			Prompt:     []sessiondoc.Message{{Role: "system", Content: text(rng, 60, 200)}, {Role: "user", Content: text(rng, 20, 300)}},
			Completion: sessiondoc.Message{Role: "assistant", Content: text(rng, 30, 300)}, FinishReasons: []string{"stop"}}
		doc.Stats.LLMCalls++
		doc.Stats.InputTokens += in
		doc.Stats.OutputTokens += out
		if model == "my-local-model" {
			doc.Stats.UnpricedLLMCalls++
		} else {
			cost := float64(in)*2e-6 + float64(out)*8e-6
			llm.CostUSD = &cost
			doc.Stats.CostUSD += cost
		}
		ttft := float64(rng.IntN(900) + 100)
		llm.TTFTMillis = &ttft
		add(sessiondoc.Event{EventType: sessiondoc.EventTypeLLM, Params: map[string]any{"model": model, "temperature": 0.2}, LLMEvent: llm},
			sessiondoc.SpanKindLLM, time.Duration(rng.IntN(5000)+200)*time.Millisecond)
		if rng.IntN(3) > 0 {
			name := tools[rng.IntN(len(tools))]
			add(sessiondoc.Event{EventType: sessiondoc.EventTypeTool, Params: map[string]any{"input": text(rng, 5, 40)},
				Returns: text(rng, 10, 250), ToolEvent: &sessiondoc.ToolEvent{Name: name}},
				sessiondoc.SpanKindTool, time.Duration(rng.IntN(900)+10)*time.Millisecond)
			doc.Stats.ToolCalls++
		}
	}
	if rng.IntN(4) == 0 {
		add(sessiondoc.Event{EventType: sessiondoc.EventTypeAction, Logs: "clicked ok", ActionEvent: &sessiondoc.ActionEvent{ActionType: "click"}},
			sessiondoc.SpanKindAction, 5*time.Millisecond)
		doc.Stats.Actions++
	}
	doc.Session.EndState, doc.Session.EndStateReason = "Success", "done"
	if rng.IntN(8) == 0 {
		add(sessiondoc.Event{EventType: sessiondoc.EventTypeError, Logs: strings.Repeat("goroutine 1 [running]:\nmain.run()\n\t/src/main.go:42 +0x1d\n", 8),
			ErrorEvent: &sessiondoc.ErrorEvent{ErrorType: "*net.OpError", Details: "dial tcp: connection refused", Timestamp: ts(at)}},
			sessiondoc.SpanKindOther, 0)
		doc.Stats.Errors++
		doc.Session.EndState, doc.Session.EndStateReason = "Fail", "dial tcp: connection refused"
	}
	doc.Stats.TotalTokens = doc.Stats.InputTokens + doc.Stats.OutputTokens
	doc.Session.EndTimestamp = ts(at)
	doc.Spans[0].End = ts(at)
	return doc, at
}

// joinWorker adds to doc the part of a second process that joined the
// session: an LLM call, maybe a failed tool call, and, unless it was
// killed before it ended its part, its process span with its figures
// (the document's stats stay the owner's). The figures count a second LLM
// call, whose event was dropped, so that a row counts differently from
// them and from the events.
func joinWorker(rng *rand.Rand, doc *sessiondoc.Document) {
	const worker = "box/5151"
	doc.Processes = append(doc.Processes, sessiondoc.Process{ID: worker, PID: 5151, Host: "box", Service: "agent", Inherited: true})
	root, at := doc.Spans[0].SpanID, doc.Spans[len(doc.Spans)-1].Start.Time()
	figures := map[string]any{"agentops.session.inherited": true, "agentops.session.name": "worker", "agentops.span.kind": "task",
		"host.name": "box", "agentops.session.llm_calls": 2, "agentops.session.input_tokens": 80, "agentops.session.output_tokens": 12,
		"agentops.session.total_tokens": 92, "agentops.session.cost_usd": 0.0006, "agentops.session.tool_calls": 0, "agentops.session.errors": 0}
	add := func(e sessiondoc.Event, kind string) {
		e.ID, e.SessionID, e.SpanID = fmt.Sprintf("%s-w%d", doc.Session.SessionID[:8], len(doc.Events)), doc.Session.SessionID, fmt.Sprintf("%016x", rng.Uint64())
		e.InitTimestamp, e.EndTimestamp = sessiondoc.Timestamp(at), sessiondoc.Timestamp(at.Add(time.Millisecond))
		doc.Events = append(doc.Events, e)
		doc.Spans = append(doc.Spans, sessiondoc.Span{SpanID: e.SpanID, ParentSpanID: root, Name: e.EventType, Kind: kind,
			Start: e.InitTimestamp, End: e.EndTimestamp, EventIDs: []string{e.ID}, Process: worker})
	}
	cost := 0.0003
	doc.DroppedEvents++
	add(sessiondoc.Event{EventType: sessiondoc.EventTypeLLM, Params: map[string]any{"model": "gpt-4o-mini"},
		LLMEvent: &sessiondoc.LLMEvent{Model: "gpt-4o-mini", PromptTokens: 40, CompletionTokens: 6, CostUSD: &cost}}, sessiondoc.SpanKindLLM)
	if rng.IntN(2) == 0 {
		add(sessiondoc.Event{EventType: sessiondoc.EventTypeTool, Params: "q", ToolEvent: &sessiondoc.ToolEvent{Name: "fetch"}}, sessiondoc.SpanKindTool)
		add(sessiondoc.Event{EventType: sessiondoc.EventTypeError, ErrorEvent: &sessiondoc.ErrorEvent{ErrorType: "error", Details: "timeout"}}, sessiondoc.SpanKindTool)
		figures["agentops.session.tool_calls"], figures["agentops.session.errors"] = 1, 1
	}
	if rng.IntN(4) > 0 {
		doc.Spans = append(doc.Spans, sessiondoc.Span{SpanID: fmt.Sprintf("%016x", rng.Uint64()), ParentSpanID: root, Name: "worker.process",
			Kind: sessiondoc.SpanKindTask, Start: sessiondoc.Timestamp(at), End: sessiondoc.Timestamp(at.Add(time.Second)), Process: worker, Attributes: figures})
	}
}

// text returns between lo and hi words.
func text(rng *rand.Rand, lo, hi int) string {
	n := lo + rng.IntN(hi-lo+1)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[rng.IntN(len(words))])
	}
	return b.String()
}
