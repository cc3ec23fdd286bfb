package viewer

import (
	"slices"
	"time"

	"github.com/agentops-go/sdk/sessiondoc"
)

// Kinds of a bar beside the sessiondoc.SpanKind* values: an error recorded
// on its own, in a document without spans.
const kindError = "error"

// bar is one span of the waterfall: where it sits in the tree and on the
// time axis, and the events that hold its content.
type bar struct {
	ID, Parent, Name, Kind string
	Depth                  int
	Start, End             time.Time // End is zero while the span runs
	Error                  string    // the failure; "" when the span did not fail
	Process                string
	Attributes             map[string]any
	Events                 []*sessiondoc.Event

	// On the axis, in thousandths of its length (the SVG viewBox is 1000 wide).
	X, W float64
}

// Running reports whether the span has not ended.
func (b *bar) Running() bool { return b.End.IsZero() }

// Duration is the span's length, up to now's end of the axis while it runs.
func (b *bar) Duration(axisEnd time.Time) time.Duration {
	end := b.End
	if end.IsZero() {
		end = axisEnd
	}
	return end.Sub(b.Start)
}

// waterfall is every span of a session in tree order (each span followed
// by its children, by start), on one time axis from Start to End.
type waterfall struct {
	Bars       []bar
	Start, End time.Time
	byID       map[string]int
}

// bar returns the bar of span id, or nil.
func (w *waterfall) bar(id string) *bar {
	if i, ok := w.byID[id]; ok {
		return &w.Bars[i]
	}
	return nil
}

// newWaterfall builds the waterfall of doc: from its spans, or from its
// events when it has none (a document of an older SDK).
func newWaterfall(doc *sessiondoc.Document) *waterfall {
	var w *waterfall
	if len(doc.Spans) > 0 {
		w = fromSpans(doc)
	} else {
		w = fromEvents(doc)
	}
	w.place(doc)
	return w
}

// fromSpans builds the tree from span and parent IDs. A span whose parent
// is not in the document hangs under the root (or at the top when there is
// no root yet); a cycle is broken where it is found.
func fromSpans(doc *sessiondoc.Document) *waterfall {
	events := make(map[string]*sessiondoc.Event, len(doc.Events))
	bySpan := map[string][]*sessiondoc.Event{}
	for i := range doc.Events {
		e := &doc.Events[i]
		events[e.ID] = e
		if e.SpanID != "" {
			bySpan[e.SpanID] = append(bySpan[e.SpanID], e)
		}
	}
	known := make(map[string]bool, len(doc.Spans))
	root := ""
	for i := range doc.Spans {
		known[doc.Spans[i].SpanID] = true
		if doc.Spans[i].Kind == sessiondoc.SpanKindSession && root == "" {
			root = doc.Spans[i].SpanID
		}
	}
	children := map[string][]int{}
	var tops []int
	for i := range doc.Spans {
		s := &doc.Spans[i]
		parent := s.ParentSpanID
		if !known[parent] || parent == s.SpanID {
			parent = root
		}
		if parent == "" || s.SpanID == root {
			tops = append(tops, i)
			continue
		}
		children[parent] = append(children[parent], i)
	}
	byStart := func(a, b int) int { return doc.Spans[a].Start.Time().Compare(doc.Spans[b].Start.Time()) }
	slices.SortStableFunc(tops, byStart)
	for _, c := range children {
		slices.SortStableFunc(c, byStart)
	}

	w := &waterfall{Bars: make([]bar, 0, len(doc.Spans)), byID: make(map[string]int, len(doc.Spans))}
	type item struct{ span, depth int }
	stack := make([]item, 0, len(tops))
	for i := len(tops) - 1; i >= 0; i-- {
		stack = append(stack, item{tops[i], 0})
	}
	seen := make(map[string]bool, len(doc.Spans))
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s := &doc.Spans[it.span]
		if seen[s.SpanID] {
			continue
		}
		seen[s.SpanID] = true
		b := bar{ID: s.SpanID, Parent: s.ParentSpanID, Name: s.Name, Kind: s.Kind, Depth: it.depth,
			Start: s.Start.Time(), End: s.End.Time(), Error: s.Error, Process: s.Process, Attributes: s.Attributes}
		for _, id := range s.EventIDs {
			if e := events[id]; e != nil {
				b.Events = append(b.Events, e)
			}
		}
		for _, e := range bySpan[s.SpanID] {
			if !slices.Contains(b.Events, e) {
				b.Events = append(b.Events, e)
			}
		}
		w.byID[b.ID] = len(w.Bars)
		w.Bars = append(w.Bars, b)
		c := children[s.SpanID]
		for i := len(c) - 1; i >= 0; i-- {
			stack = append(stack, item{c[i], it.depth + 1})
		}
	}
	// Spans on a cycle that no top reaches.
	for i := range doc.Spans {
		if s := &doc.Spans[i]; !seen[s.SpanID] {
			seen[s.SpanID] = true
			w.byID[s.SpanID] = len(w.Bars)
			w.Bars = append(w.Bars, bar{ID: s.SpanID, Parent: s.ParentSpanID, Name: s.Name, Kind: s.Kind, Depth: 1,
				Start: s.Start.Time(), End: s.End.Time(), Error: s.Error, Process: s.Process, Attributes: s.Attributes})
		}
	}
	return w
}

// fromEvents builds a two-level tree: the session, and under it one bar
// per event. An error event that names its trigger marks the trigger's bar
// failed and joins its details; one without a trigger is a bar of its own.
func fromEvents(doc *sessiondoc.Document) *waterfall {
	s := doc.Session
	name := doc.Name
	if name == "" {
		name = "session"
	}
	w := &waterfall{byID: make(map[string]int, len(doc.Events)+1)}
	root := bar{ID: s.SessionID, Name: name, Kind: sessiondoc.SpanKindSession,
		Start: s.InitTimestamp.Time(), End: s.EndTimestamp.Time()}
	if s.EndState == "Fail" {
		root.Error = s.EndStateReason
		if root.Error == "" {
			root.Error = "Fail"
		}
	}
	w.byID[root.ID] = 0
	w.Bars = append(w.Bars, root)
	var errs []*sessiondoc.Event
	for i := range doc.Events {
		e := &doc.Events[i]
		if e.ErrorEvent != nil && e.TriggerEventID != nil {
			errs = append(errs, e)
			continue
		}
		w.addEvent(e, root.ID)
	}
	for _, e := range errs {
		if b := w.bar(*e.TriggerEventID); b != nil {
			b.Events = append(b.Events, e)
			b.Error = errorText(e)
			continue
		}
		w.addEvent(e, root.ID)
	}
	return w
}

// addEvent adds a bar for event e under parent.
func (w *waterfall) addEvent(e *sessiondoc.Event, parent string) {
	b := bar{ID: e.ID, Parent: parent, Depth: 1, Start: e.InitTimestamp.Time(), End: e.EndTimestamp.Time(),
		Events: []*sessiondoc.Event{e}}
	switch {
	case e.LLMEvent != nil:
		b.Kind, b.Name = sessiondoc.SpanKindLLM, e.Model
	case e.ToolEvent != nil:
		b.Kind, b.Name = sessiondoc.SpanKindTool, e.ToolEvent.Name
	case e.ActionEvent != nil:
		b.Kind, b.Name = sessiondoc.SpanKindAction, e.ActionType
	case e.ErrorEvent != nil:
		b.Kind, b.Name, b.Error = kindError, e.ErrorType, errorText(e)
		if b.Start.IsZero() {
			b.Start = e.ErrorEvent.Timestamp.Time()
		}
	default:
		b.Kind, b.Name = sessiondoc.SpanKindOther, e.EventType
	}
	if b.Name == "" {
		b.Name = b.Kind
	}
	w.byID[b.ID] = len(w.Bars)
	w.Bars = append(w.Bars, b)
}

// errorText is what an error event says went wrong.
func errorText(e *sessiondoc.Event) string {
	if e.Details != "" {
		return e.Details
	}
	if e.ErrorType != "" {
		return e.ErrorType
	}
	return "error"
}

// place sets the axis (the session's start to its end, or to the latest
// time a span tells) and each bar's position on it.
func (w *waterfall) place(doc *sessiondoc.Document) {
	w.Start, w.End = doc.Session.InitTimestamp.Time(), doc.Session.EndTimestamp.Time()
	for i := range w.Bars {
		b := &w.Bars[i]
		if !b.Start.IsZero() && (w.Start.IsZero() || b.Start.Before(w.Start)) {
			w.Start = b.Start
		}
		for _, t := range []time.Time{b.Start, b.End} {
			if t.After(w.End) {
				w.End = t
			}
		}
	}
	if !w.End.After(w.Start) {
		w.End = w.Start.Add(time.Millisecond)
	}
	total := float64(w.End.Sub(w.Start))
	for i := range w.Bars {
		b := &w.Bars[i]
		start := b.Start
		if start.IsZero() {
			start = w.Start
		}
		end := b.End
		if end.IsZero() || end.Before(start) {
			end = w.End
		}
		b.X = 1000 * float64(start.Sub(w.Start)) / total
		b.W = max(1000*float64(end.Sub(start))/total, 2)
		b.X = min(b.X, 998)
	}
}
