package sessionindex

import (
	"strings"
	"time"

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
// session. The figures are the session's stats when the document has them
// (its root span arrived), else the sums of its events.
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
	// Models are the session's LLM calls by model, for the overview; empty
	// until the document's events say.
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

// Summarize returns the Row of a session document.
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
	if st := doc.Stats; st != nil {
		r.CostUSD, r.Unpriced = st.CostUSD, st.UnpricedLLMCalls
		r.InputTokens, r.OutputTokens = st.InputTokens, st.OutputTokens
		r.LLMCalls, r.ToolCalls, r.Actions, r.Errors = st.LLMCalls, st.ToolCalls, st.Actions, st.Errors
		return r
	}
	for _, e := range doc.Events {
		switch e.EventType {
		case sessiondoc.EventTypeLLM:
			r.LLMCalls++
			if e.LLMEvent != nil {
				r.InputTokens += e.PromptTokens
				r.OutputTokens += e.CompletionTokens
				if e.Cost != nil {
					r.CostUSD += *e.Cost
					continue
				}
			}
			r.Unpriced++
		case sessiondoc.EventTypeTool:
			r.ToolCalls++
		case sessiondoc.EventTypeAction:
			r.Actions++
		case sessiondoc.EventTypeError:
			r.Errors++
		}
	}
	return r
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
