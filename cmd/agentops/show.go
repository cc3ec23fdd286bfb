package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/sessiondoc"
)

// runShow runs "agentops show [--json] <session-id> [dir]".
func runShow(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("show", stderr)
	asJSON := fs.Bool("json", false, "print the document as stored")
	pos, err := parse(fs, args, 1, 2)
	if err != nil {
		return err
	}
	doc, raw, err := sessionindex.Read(sessionDir(pos, 1), pos[0])
	if errors.Is(err, sessionindex.ErrInvalidID) {
		return err // it quotes the argument
	}
	if err != nil {
		return fmt.Errorf("session %s: %w", pos[0], err)
	}
	if *asJSON {
		_, err := stdout.Write(raw)
		return err
	}
	return writeTree(stdout, doc)
}

// writeTree writes a session as its header of figures, its processes and
// its spans as a tree by parent (writeSpans); a document without spans
// (written before documents had them) as its events in time order, each
// error under the event it concerns.
func writeTree(w io.Writer, doc *sessiondoc.Document) error {
	r := sessionindex.Summarize(doc)
	fmt.Fprintf(w, "%s  %s  %s\n", orDash(oneLine(r.Name, 80)), r.ID, state(r))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  tags\t%s\n", orDash(oneLine(strings.Join(r.Tags, ", "), 200)))
	if r.EndStateReason != "" {
		fmt.Fprintf(tw, "  reason\t%s\n", oneLine(r.EndStateReason, 200))
	}
	fmt.Fprintf(tw, "  start\t%s\tduration %s\n", formatStart(r.Start, startLayout), formatDuration(r.Duration))
	fmt.Fprintf(tw, "  cost\t%s\ttokens %d in / %d out\n", formatCost(r.CostUSD, r.Unpriced), r.InputTokens, r.OutputTokens)
	fmt.Fprintf(tw, "  calls\t%d LLM, %d tool, %d action, %d error\n", r.LLMCalls, r.ToolCalls, r.Actions, r.Errors)
	if doc.Partial {
		fmt.Fprintf(tw, "  partial\tthe session's root span never arrived: no tags or stats\n")
	}
	if doc.DroppedEvents > 0 {
		fmt.Fprintf(tw, "  dropped\t%d events\n", doc.DroppedEvents)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(doc.Spans) > 0 {
		if err := writeProcesses(w, doc.Processes); err != nil {
			return err
		}
		return writeSpans(w, doc, r.Start)
	}
	// A document written before it listed its spans: its events.
	fmt.Fprintf(w, "  events (%d)\n", len(doc.Events))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	top, under := nest(doc.Events)
	for i, e := range top {
		last := i == len(top)-1
		writeEvent(tw, r.Start, e, branch(last), len(under[e.ID]) > 0)
		for j, c := range under[e.ID] {
			writeEvent(tw, r.Start, c, stem(last)+branch(j == len(under[e.ID])-1), false)
		}
	}
	return tw.Flush()
}

// nest returns the events that are not errors about another event, and
// the errors under the ID of the event each concerns; all in time order.
func nest(events []sessiondoc.Event) ([]sessiondoc.Event, map[string][]sessiondoc.Event) {
	ids := make(map[string]bool, len(events))
	for _, e := range events {
		ids[e.ID] = true
	}
	var top []sessiondoc.Event
	under := map[string][]sessiondoc.Event{}
	for _, e := range events {
		if e.ErrorEvent != nil && e.TriggerEventID != nil && ids[*e.TriggerEventID] && *e.TriggerEventID != e.ID {
			under[*e.TriggerEventID] = append(under[*e.TriggerEventID], e)
			continue
		}
		top = append(top, e)
	}
	return top, under
}

// writeEvent writes one event line: its offset from the session start,
// kind, name or model, duration, tokens, cost, and a mark when it failed.
func writeEvent(w io.Writer, start time.Time, e sessiondoc.Event, prefix string, failed bool) {
	at := e.InitTimestamp.Time()
	if e.ErrorEvent != nil && !e.Timestamp.IsZero() {
		at = e.Timestamp.Time()
	}
	offset := "+" + formatDuration(at.Sub(start))
	dur := "-"
	if end := e.EndTimestamp.Time(); !end.IsZero() && !at.IsZero() && !end.Before(at) {
		dur = formatDuration(end.Sub(at))
	}
	kind, name, tokens, cost := strings.TrimSuffix(e.EventType, "s"), "", "", ""
	switch {
	case e.LLMEvent != nil:
		kind, name, tokens, cost = "llm", e.Model, formatTokens(e.PromptTokens, e.CompletionTokens)+" tok", "-"
		if c := sessionindex.CallCost(e.LLMEvent); c != nil {
			cost = formatUSD(*c)
		}
	case e.ToolEvent != nil:
		name = e.Name
	case e.ActionEvent != nil:
		name = e.ActionType
	case e.ErrorEvent != nil:
		kind, dur, name = "error", "", e.ErrorType
	}
	mark := ""
	switch {
	case failed:
		mark = "✗ failed"
	case e.ErrorEvent != nil:
		mark = oneLine(e.Details, 160) // past the last column: a long message widens none
	}
	fmt.Fprintf(w, "  %s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", prefix, offset, kind, orDash(oneLine(name, 60)), dur, tokens, cost, mark)
}

// branch and stem draw the tree: the branch of an event, and the stem
// beside the events under it.
func branch(last bool) string {
	if last {
		return "└─ "
	}
	return "├─ "
}

func stem(last bool) string {
	if last {
		return "   "
	}
	return "│  "
}
