package viewer_test

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/agentops-go/sdk/sessiondoc"
)

// barIDs returns the span IDs the waterfall of doc must draw, one bar
// each: its spans; for a document without spans (an older SDK's), the
// session and each event but errors that point at another event.
func barIDs(doc *sessiondoc.Document) []string {
	var ids []string
	if len(doc.Spans) > 0 {
		for _, s := range doc.Spans {
			ids = append(ids, s.SpanID)
		}
		return ids
	}
	events := map[string]bool{}
	for _, e := range doc.Events {
		events[e.ID] = true
	}
	ids = append(ids, doc.Session.SessionID)
	for _, e := range doc.Events {
		if e.ErrorEvent != nil && e.TriggerEventID != nil && events[*e.TriggerEventID] {
			continue
		}
		ids = append(ids, e.ID)
	}
	return ids
}

// barOf returns the span ID of the bar that shows event e.
func barOf(doc *sessiondoc.Document, e sessiondoc.Event) string {
	if len(doc.Spans) > 0 {
		return e.SpanID
	}
	return e.ID
}

// sessionPage is what the browser reads of a session page.
type sessionPage struct {
	SpanCount string            `json:"spanCount"`
	Bars      []string          `json:"bars"`
	Errors    []string          `json:"errors"`
	Stats     map[string]string `json:"stats"`
	Text      string            `json:"text"`
}

const readSessionJS = `({
	spanCount: document.querySelector('#waterfall').getAttribute('data-span-count'),
	bars: Array.from(document.querySelectorAll('#waterfall .bar[data-span-id]')).map(b => b.dataset.spanId),
	errors: Array.from(document.querySelectorAll('#waterfall .bar.error[data-span-id]')).map(b => b.dataset.spanId),
	stats: Object.fromEntries(Array.from(document.querySelectorAll('#stats [data-stat]')).map(e => [e.dataset.stat, e.textContent.trim()])),
	text: document.body.innerText,
})`

// openSession opens the page of session id and reads it.
func (v *viewerEnv) openSession(t *testing.T, id string) sessionPage {
	t.Helper()
	v.b.open(t, v.base+"sessions/"+id, "#waterfall")
	return eval[sessionPage](t, v.b, readSessionJS)
}

// testWaterfall: each ended session's page draws one bar per span of its
// document (data-span-count says how many), marks the failed ones, and
// its stats header shows the document's totals (every process's calls).
func (v *viewerEnv) testWaterfall(t *testing.T) {
	for _, id := range []string{v.sc.quickstart, v.sc.joined, v.sc.hostile} {
		doc := v.document(t, id)
		if len(doc.Spans) == 0 {
			t.Logf("session %s: the document lists no spans; expecting a bar per event", id)
		}
		want := barIDs(doc)
		p := v.openSession(t, id)
		if p.SpanCount != strconv.Itoa(len(want)) {
			t.Errorf("session %s: data-span-count %q, want %d", id, p.SpanCount, len(want))
		}
		if !sameSet(p.Bars, want) {
			t.Errorf("session %s: bars %v, want one per span %v", id, p.Bars, want)
		}
		var failed []string
		for _, s := range doc.Spans {
			if s.Error != "" {
				failed = append(failed, s.SpanID)
			}
		}
		if len(doc.Spans) > 0 && !sameSet(p.Errors, failed) {
			t.Errorf("session %s: bars marked .error %v, want the failed spans %v", id, p.Errors, failed)
		}
		if doc.Stats == nil {
			t.Fatalf("session %s: no stats in its document", id)
		}
		st := doc.Totals()
		checkCost(t, id, p.Stats["cost"], st.CostUSD)
		for name, n := range map[string]int64{"llm_calls": st.LLMCalls, "tool_calls": st.ToolCalls, "errors": st.Errors,
			"input_tokens": st.InputTokens, "output_tokens": st.OutputTokens} {
			if got, ok := cellInt(p.Stats[name]); !ok || got != n {
				t.Errorf("session %s: #stats [data-stat=%s] %q, want %d", id, name, p.Stats[name], n)
			}
		}
	}
}

// clickBar clicks the waterfall bar of span id and waits until #details
// holds sel. #details is emptied first, so that what it then holds is the
// answer to this click.
func (v *viewerEnv) clickBar(t *testing.T, id, sel string) {
	t.Helper()
	eval[bool](t, v.b, `(() => { const d = document.querySelector('#details'); if (d) d.replaceChildren(); return true })()`)
	v.b.run(t, "clicking the bar of span "+id, chromedp.Click(chromedp.CSS(barSelector(id))))
	if !v.b.waitFor(t, `document.querySelector('#details `+sel+`') !== null`) {
		t.Fatalf("after a click on the bar of span %s, #details holds no %s", id, sel)
	}
}

// messages reads the texts of the #details messages that sel selects.
func (v *viewerEnv) messages(t *testing.T, sel string) []string {
	t.Helper()
	return eval[[]string](t, v.b, `Array.from(document.querySelectorAll('#details `+sel+`')).map(m => m.textContent)`)
}

// llmEvent returns the first LLM event of doc whose prompt's last message
// contains text.
func llmEvent(t *testing.T, doc *sessiondoc.Document, text string) sessiondoc.Event {
	t.Helper()
	for _, e := range doc.Events {
		if e.LLMEvent != nil && strings.Contains(promptText(e.Prompt), text) {
			return e
		}
	}
	t.Fatalf("session %s: no LLM call whose prompt says %q", doc.Session.SessionID, text)
	return sessiondoc.Event{}
}

// promptText flattens a prompt as the document holds it (a message list
// decoded as []any, or a string) for a search.
func promptText(p any) string {
	switch x := p.(type) {
	case string:
		return x
	case []any:
		var b strings.Builder
		for _, m := range x {
			if mm, ok := m.(map[string]any); ok {
				s, _ := mm["content"].(string)
				b.WriteString(s + "\n")
			}
		}
		return b.String()
	}
	return ""
}

// testPrompt: clicking the quickstart's first LLM call shows the prompt it
// sent, message by message, and the completion.
func (v *viewerEnv) testPrompt(t *testing.T) {
	doc := v.document(t, v.sc.quickstart)
	e := llmEvent(t, doc, quickstartPrompt[1].Content)
	v.openSession(t, v.sc.quickstart)
	v.clickBar(t, barOf(doc, e), ".prompt .message")
	got := v.messages(t, ".prompt .message")
	if len(got) != len(quickstartPrompt) {
		t.Fatalf("#details shows %d prompt messages %q, want the quickstart's %d", len(got), got, len(quickstartPrompt))
	}
	for i, m := range quickstartPrompt {
		if strings.TrimSpace(got[i]) != m.Content {
			t.Errorf("prompt message %d %q, want the quickstart's %s message %q", i, got[i], m.Role, m.Content)
		}
	}
	if c := v.messages(t, ".completion .message"); len(c) != 1 || !strings.Contains(c[0], "1. search the web 2. summarise") {
		t.Errorf("#details completion %q, want the quickstart's canned plan", c)
	}
}

// testJoined: the session a second process joined shows the spans of both
// processes, and a span's details name its process, the child's marked
// inherited. (A session document without processes is of a sink that
// kept the joined process's spans in its partial file, apart: then only
// the parent's part is checked.)
func (v *viewerEnv) testJoined(t *testing.T) {
	doc := v.document(t, v.sc.joined)
	find := func(match func(e sessiondoc.Event) bool) *sessiondoc.Event {
		for i, e := range doc.Events {
			if match(e) {
				return &doc.Events[i]
			}
		}
		return nil
	}
	parentTool := find(func(e sessiondoc.Event) bool { return e.ToolEvent != nil && e.ToolEvent.Name == "dispatch" })
	childLLM := find(func(e sessiondoc.Event) bool { return e.LLMEvent != nil && e.Model == "gpt-4o-mini" })
	childTool := find(func(e sessiondoc.Event) bool { return e.ToolEvent != nil && e.ToolEvent.Name == "search" })
	if parentTool == nil {
		t.Fatalf("session %s: events %+v, want the parent's dispatch", v.sc.joined, doc.Events)
	}
	p := v.openSession(t, v.sc.joined)
	if !slices.Contains(p.Bars, barOf(doc, *parentTool)) {
		t.Errorf("no bar for the parent's tool call (span %s)", barOf(doc, *parentTool))
	}
	if len(doc.Processes) == 0 {
		t.Logf("session %s: the document lists no processes (its sink keeps a joined process's spans apart); checked the parent's part", v.sc.joined)
		return
	}
	if childLLM == nil || childTool == nil {
		t.Fatalf("session %s: events %+v, want the child's LLM call and search tool", v.sc.joined, doc.Events)
	}
	if len(doc.Processes) != 2 {
		t.Errorf("processes %+v, want this one and the child that joined", doc.Processes)
	}
	// The header counts the child's LLM call and tool call beside the
	// parent's (its stats): the child's process span carries them.
	if doc.Stats == nil {
		t.Fatalf("session %s: no stats in its document", v.sc.joined)
	}
	for name, n := range map[string]int64{"llm_calls": doc.Stats.LLMCalls + 1, "tool_calls": doc.Stats.ToolCalls + 1,
		"input_tokens": doc.Stats.InputTokens + 12, "output_tokens": doc.Stats.OutputTokens + 5} {
		if got, ok := cellInt(p.Stats[name]); !ok || got != n {
			t.Errorf("session %s: #stats [data-stat=%s] %q, want %d (the parent's and the child's)", v.sc.joined, name, p.Stats[name], n)
		}
	}
	procs := map[string]sessiondoc.Process{}
	for _, pr := range doc.Processes {
		procs[pr.ID] = pr
	}
	spans := map[string]sessiondoc.Span{}
	for _, sp := range doc.Spans {
		spans[sp.SpanID] = sp
	}
	for _, c := range []struct {
		event     *sessiondoc.Event
		pid       int
		inherited bool
	}{{childLLM, v.sc.childPID, true}, {childTool, v.sc.childPID, true}, {parentTool, os.Getpid(), false}} {
		if !slices.Contains(p.Bars, c.event.SpanID) {
			t.Errorf("no bar for span %s (%s)", c.event.SpanID, c.event.EventType)
			continue
		}
		pr, ok := procs[spans[c.event.SpanID].Process]
		if !ok || pr.PID != c.pid || pr.Inherited != c.inherited {
			t.Errorf("span %s (%s) is of process %+v, want PID %d, inherited %v (processes %+v)",
				c.event.SpanID, c.event.EventType, pr, c.pid, c.inherited, doc.Processes)
			continue
		}
		v.clickBar(t, c.event.SpanID, "*")
		if !v.b.waitFor(t, `document.querySelector('#details').textContent.includes(`+jsQuote(pr.ID)+`)`) {
			t.Errorf("the details of span %s do not name its process %s", c.event.SpanID, pr.ID)
		}
		if got := eval[bool](t, v.b, `document.querySelector('#details').textContent.includes('inherited')`); got != c.inherited {
			t.Errorf("the details of span %s say inherited: %v, want %v", c.event.SpanID, got, c.inherited)
		}
	}
}

// barSelector selects the waterfall bar of span id.
func barSelector(id string) string { return `#waterfall .bar[data-span-id="` + id + `"]` }
