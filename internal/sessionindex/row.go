package sessionindex

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/agentops-go/sdk/internal/llmcost"
	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/sessiondoc"
)

// Status values of a Row beside the end states of a session (Success,
// Fail, Indeterminate).
const (
	// StatusRunning is a document whose session has not ended: its root
	// span has not arrived and nothing ended it.
	StatusRunning = "running"
	// StatusRecovered is a session whose process died (SIGKILL, a crash)
	// and that the session journal ended Indeterminate afterwards.
	StatusRecovered = "recovered"
	// StatusUnreadable is a file that is not a readable session document.
	StatusUnreadable = "unreadable"
)

// recoveredMark is what the end_state_reason of a recovered session says
// (otelagentops' journal recovery writes it).
const recoveredMark = "ended without ending the session"

// Row is one session of the list: the figures of its document. Times are
// UTC; Duration is up to the end, or up to the latest event of a running
// session. The figures are the whole session's, over every process that
// recorded it, each call counted once (sessiondoc.Document.Totals): the
// stats of the process that started it and of each process that joined
// it, or the sums of its events where a process left no stats (running,
// or killed).
type Row struct {
	ID             string        `json:"session_id"`
	Name           string        `json:"name"`
	Tags           []string      `json:"tags"`
	Status         string        `json:"status"` // the end state, StatusRunning, StatusRecovered or StatusUnreadable
	EndState       string        `json:"end_state,omitempty"`
	EndStateReason string        `json:"end_state_reason,omitempty"`
	Start          time.Time     `json:"start,omitzero"`
	End            time.Time     `json:"end,omitzero"`
	Duration       time.Duration `json:"duration_ns"`
	CostUSD        float64       `json:"cost_usd"`
	Unpriced       int64         `json:"unpriced_llm_calls"`
	InputTokens    int64         `json:"input_tokens"`
	OutputTokens   int64         `json:"output_tokens"`
	LLMCalls       int64         `json:"llm_calls"`
	ToolCalls      int64         `json:"tool_calls"`
	Actions        int64         `json:"actions"`
	Errors         int64         `json:"errors"`
	Partial        bool          `json:"partial,omitempty"`
	// Models are the session's LLM calls by model, for the overview, the
	// costliest first (see Summarize); empty when it made none. They are
	// read from the events: a call whose event was dropped (past the
	// sink's bound) counts in the figures above, not here.
	Models     []ModelUsage `json:"models,omitempty"`
	Unreadable string       `json:"unreadable,omitempty"` // why the file could not be read; the other fields are empty
}

// ModelUsage is what one model did in a session.
type ModelUsage struct {
	Model        string  `json:"model"`
	Calls        int64   `json:"calls"`
	InputTokens  int64   `json:"input_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	CostUSD      float64 `json:"cost_usd"`
	Unpriced     int64   `json:"unpriced_calls"`
}

// Summarize returns the Row of a session document. Models come from its
// LLM events, each with its CallCost (nil: unpriced).
func Summarize(doc *sessiondoc.Document) Row {
	s := doc.Session
	r := Row{
		ID: s.SessionID, Name: doc.Name, Tags: s.Tags,
		EndState: s.EndState, EndStateReason: s.EndStateReason,
		Start: s.InitTimestamp.Time().UTC(), End: s.EndTimestamp.Time().UTC(),
		Partial: doc.Partial, Status: s.EndState,
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
	if s.EndTimestamp.IsZero() {
		r.End = time.Time{}
		r.Status = StatusRunning
	} else if s.EndState == "Indeterminate" && strings.Contains(s.EndStateReason, recoveredMark) {
		r.Status = StatusRecovered
	}
	last := r.End
	if last.IsZero() {
		for _, e := range doc.Events {
			last = later(last, e.EndTimestamp.Time(), e.InitTimestamp.Time())
		}
	}
	if !last.IsZero() && last.After(r.Start) {
		r.Duration = last.Sub(r.Start)
	}
	r.Models = models(doc.Events)
	t := doc.Totals()
	r.CostUSD, r.Unpriced = t.CostUSD, t.UnpricedLLMCalls
	r.InputTokens, r.OutputTokens = t.InputTokens, t.OutputTokens
	r.LLMCalls, r.ToolCalls, r.Actions, r.Errors = t.LLMCalls, t.ToolCalls, t.Actions, t.Errors
	return r
}

// CallCost is the cost of an LLM call: the document's cost_usd, else (a
// document written before it had one) the cost the user gave; nil when
// unpriced (sessiondoc.LLMEvent.CallCost).
func CallCost(e *sessiondoc.LLMEvent) *float64 { return e.CallCost() }

// models sums the LLM calls of events by model (the model that answered,
// as the event names it; "" when it names none), the costliest first,
// then by calls and name. Costs add up to the picodollar (llmcost.Sum).
func models(events []sessiondoc.Event) []ModelUsage {
	var out []ModelUsage
	at := map[string]int{}
	for _, e := range events {
		if e.EventType != sessiondoc.EventTypeLLM || e.LLMEvent == nil {
			continue
		}
		i, ok := at[e.Model]
		if !ok {
			i = len(out)
			at[e.Model] = i
			out = append(out, ModelUsage{Model: e.Model})
		}
		m := &out[i]
		m.Calls++
		m.InputTokens = spanclass.Sum(m.InputTokens, max(e.PromptTokens, 0))
		m.OutputTokens = spanclass.Sum(m.OutputTokens, max(e.CompletionTokens, 0))
		if c := CallCost(e.LLMEvent); c != nil {
			m.CostUSD = llmcost.Sum(m.CostUSD, *c)
		} else {
			m.Unpriced++
		}
	}
	slices.SortStableFunc(out, func(a, b ModelUsage) int {
		return cmp.Or(cmp.Compare(b.CostUSD, a.CostUSD), cmp.Compare(b.Calls, a.Calls), cmp.Compare(a.Model, b.Model))
	})
	return out
}

// later returns the latest of t and the non-zero times of ts, in UTC.
func later(t time.Time, ts ...time.Time) time.Time {
	for _, u := range ts {
		if !u.IsZero() && u.After(t) {
			t = u.UTC()
		}
	}
	return t
}
