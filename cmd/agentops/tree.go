package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/sessiondoc"
)

// maxDrawnDepth bounds the indentation of the span tree: deeper spans are
// drawn at that depth, so a deep or hostile document cannot widen every
// line without end.
const maxDrawnDepth = 24

// writeProcesses writes the processes that recorded the session, the one
// that started it first; nothing for a document that lists none.
func writeProcesses(w io.Writer, procs []sessiondoc.Process) error {
	if len(procs) == 0 {
		return nil
	}
	fmt.Fprintf(w, "  processes (%d)\n", len(procs))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range procs {
		role := "started the session"
		if p.Inherited {
			role = "joined (inherited)"
		}
		fmt.Fprintf(tw, "    %s\tpid %s\thost %s\tservice %s\t%s\n", oneLine(p.ID, 60), orDash(pid(p.PID)),
			orDash(oneLine(p.Host, 60)), orDash(oneLine(p.Service, 60)), role)
	}
	return tw.Flush()
}

func pid(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// spanTree is a document's spans by parent, for drawing.
type spanTree struct {
	start    time.Time
	events   map[string]*sessiondoc.Event
	children map[string][]*sessiondoc.Span
	procs    map[string]sessiondoc.Process
	drawn    map[string]bool
	multi    bool // more than one process: name a span's process where it changes
}

// writeSpans writes the spans of a document as a tree by parent (spans
// whose parent is not in the document at the top, and the first span of
// a parent cycle), each with its figures:
// an LLM call's model, tokens, cost, time to first token and finish
// reasons; a tool's or action's name; the error of a failed span; the
// process of a span recorded by another process than its parent's.
func writeSpans(w io.Writer, doc *sessiondoc.Document, start time.Time) error {
	t := spanTree{start: start, events: map[string]*sessiondoc.Event{}, children: map[string][]*sessiondoc.Span{},
		procs: map[string]sessiondoc.Process{}, drawn: map[string]bool{}, multi: len(doc.Processes) > 1}
	for i := range doc.Events {
		t.events[doc.Events[i].ID] = &doc.Events[i]
	}
	for _, p := range doc.Processes {
		t.procs[p.ID] = p
	}
	ids := make(map[string]bool, len(doc.Spans))
	for _, sp := range doc.Spans {
		ids[sp.SpanID] = true
	}
	var top []*sessiondoc.Span
	for i := range doc.Spans {
		sp := &doc.Spans[i]
		if sp.ParentSpanID == "" || !ids[sp.ParentSpanID] || sp.ParentSpanID == sp.SpanID {
			top = append(top, sp)
			continue
		}
		t.children[sp.ParentSpanID] = append(t.children[sp.ParentSpanID], sp)
	}
	// Spans in a parent cycle (a hand-edited document) are reached from
	// no top span: the first of each cycle goes to the top.
	reached := make(map[string]bool, len(doc.Spans))
	for _, sp := range top {
		t.reach(sp, reached)
	}
	for i := range doc.Spans {
		if sp := &doc.Spans[i]; !reached[sp.SpanID] {
			top = append(top, sp)
			t.reach(sp, reached)
		}
	}
	owner := ""
	if len(doc.Processes) > 0 {
		owner = doc.Processes[0].ID
	}
	fmt.Fprintf(w, "  spans (%d)\n", len(doc.Spans))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, sp := range top {
		t.write(tw, sp, "", i == len(top)-1, owner, 0)
	}
	if doc.DroppedSpans > 0 {
		fmt.Fprintf(tw, "  (%d spans dropped)\n", doc.DroppedSpans)
	}
	return tw.Flush()
}

// reach marks sp and the spans under it reached, once each.
func (t *spanTree) reach(sp *sessiondoc.Span, reached map[string]bool) {
	stack := []*sessiondoc.Span{sp}
	for len(stack) > 0 {
		sp, stack = stack[len(stack)-1], stack[:len(stack)-1]
		if reached[sp.SpanID] {
			continue
		}
		reached[sp.SpanID] = true
		stack = append(stack, t.children[sp.SpanID]...)
	}
}

// write draws sp and, below it, its children, once each.
func (t *spanTree) write(w io.Writer, sp *sessiondoc.Span, indent string, last bool, parentProc string, depth int) {
	if t.drawn[sp.SpanID] {
		return
	}
	t.drawn[sp.SpanID] = true
	t.line(w, sp, indent+branch(last), parentProc)
	if depth < maxDrawnDepth {
		indent += stem(last)
	}
	kids := t.children[sp.SpanID]
	for i, c := range kids {
		t.write(w, c, indent, i == len(kids)-1, sp.Process, depth+1)
	}
}

// line writes one span: offset from the session start, kind, name,
// duration, tokens, cost, and its details.
func (t *spanTree) line(w io.Writer, sp *sessiondoc.Span, prefix, parentProc string) {
	at, end := sp.Start.Time(), sp.End.Time()
	offset, dur := "+"+formatDuration(at.Sub(t.start)), "-"
	if !end.IsZero() && !at.IsZero() && !end.Before(at) {
		dur = formatDuration(end.Sub(at))
	}
	kind, name, tokens, cost := sp.Kind, sp.Name, "", ""
	var details []string
	own := false
	for _, id := range sp.EventIDs {
		e := t.events[id]
		switch {
		case e == nil:
		case e.LLMEvent != nil:
			own, name = true, e.Model
			tokens, cost = formatTokens(e.PromptTokens, e.CompletionTokens)+" tok", "-"
			if c := sessionindex.CallCost(e.LLMEvent); c != nil {
				cost = formatUSD(*c)
			}
			if e.TTFTMillis != nil {
				details = append(details, "ttft "+formatDuration(time.Duration(*e.TTFTMillis*float64(time.Millisecond))))
			}
			if len(e.FinishReasons) > 0 {
				details = append(details, "finish "+oneLine(strings.Join(e.FinishReasons, ","), 40))
			}
		case e.ToolEvent != nil:
			own, name = true, e.Name
		case e.ActionEvent != nil:
			own, name = true, e.ActionType
		case e.ErrorEvent != nil && !own:
			kind, name = "error", e.ErrorType
		}
	}
	if t.multi && sp.Process != "" && sp.Process != parentProc {
		p := t.procs[sp.Process]
		mark := "process " + oneLine(sp.Process, 60)
		if p.Inherited {
			mark += " (inherited)"
		}
		details = append(details, mark)
	}
	if sp.Error != "" {
		details = append(details, "✗ "+oneLine(t.errorText(sp), 160)) // last: a long message widens no column
	}
	fmt.Fprintf(w, "  %s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", prefix, offset, orDash(oneLine(kind, 20)), orDash(oneLine(name, 60)),
		dur, tokens, cost, strings.Join(details, "  "))
}

// errorText is what a failed span says: its error event's details, else
// its status description.
func (t *spanTree) errorText(sp *sessiondoc.Span) string {
	for _, id := range sp.EventIDs {
		if e := t.events[id]; e != nil && e.ErrorEvent != nil && e.Details != "" {
			return e.Details
		}
	}
	return sp.Error
}
