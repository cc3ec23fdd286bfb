package viewer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/agentops-go/sdk/sessiondoc"
)

// details is what the details pane shows of one span: its place and time,
// what its events hold (LLM call, tool, action, error), its attributes and
// the process that recorded it.
type details struct {
	SessionID  string
	Bar        *bar
	Offset     string // from the session's start
	Duration   string
	Process    *sessiondoc.Process
	LLMs       []llmDetail
	Tools      []ioDetail
	Actions    []ioDetail
	Errors     []errorDetail
	Attributes []keyValue
}

type llmDetail struct {
	Model                          string
	Params                         string
	Prompt, Completion             []sessiondoc.Message
	PromptTokens, CompletionTokens int64
	Cost                           string
	TTFT                           string
	FinishReasons                  []string
}

// ioDetail is a tool call or an action: its input and output.
type ioDetail struct {
	Name, Input, Output, Logs, Screenshot string
}

type errorDetail struct {
	Type, Code, Details, Stack string
}

type keyValue struct{ Key, Value string }

// newDetails returns the details of bar b of w.
func newDetails(doc *sessiondoc.Document, w *waterfall, b *bar) *details {
	d := &details{SessionID: doc.Session.SessionID, Bar: b,
		Offset:   formatDuration(b.Start.Sub(w.Start)),
		Duration: formatDuration(b.Duration(w.End)),
	}
	if b.Running() {
		d.Duration += " (running)"
	}
	if b.Start.Before(w.Start) || b.Start.IsZero() {
		d.Offset = "0s"
	}
	for i := range doc.Processes {
		if doc.Processes[i].ID == b.Process {
			d.Process = &doc.Processes[i]
		}
	}
	for _, e := range b.Events {
		switch {
		case e.LLMEvent != nil:
			d.LLMs = append(d.LLMs, newLLMDetail(e))
		case e.ToolEvent != nil:
			d.Tools = append(d.Tools, ioDetail{Name: e.ToolEvent.Name, Input: prettyJSON(e.Params), Output: prettyJSON(e.Returns), Logs: e.Logs})
		case e.ActionEvent != nil:
			d.Actions = append(d.Actions, ioDetail{Name: e.ActionType, Input: prettyJSON(e.Params), Output: prettyJSON(e.Returns),
				Logs: e.Logs, Screenshot: e.Screenshot})
		case e.ErrorEvent != nil:
			d.Errors = append(d.Errors, errorDetail{Type: e.ErrorType, Code: e.Code, Details: e.Details, Stack: e.Logs})
		}
	}
	if len(d.Errors) == 0 && b.Error != "" {
		d.Errors = append(d.Errors, errorDetail{Type: "error", Details: b.Error})
	}
	d.Attributes = sortedAttributes(b.Attributes)
	return d
}

func newLLMDetail(e *sessiondoc.Event) llmDetail {
	l := llmDetail{Model: e.Model, PromptTokens: e.PromptTokens, CompletionTokens: e.CompletionTokens,
		Prompt: messagesOf(e.Prompt), Completion: messagesOf(e.Completion), FinishReasons: e.FinishReasons}
	if e.Params != nil {
		l.Params = prettyJSON(e.Params)
	}
	switch {
	case e.CostUSD != nil:
		l.Cost = formatUSD(*e.CostUSD)
	case e.Cost != nil:
		l.Cost = formatUSD(*e.Cost)
	default:
		l.Cost = "unpriced"
	}
	if e.TTFTMillis != nil {
		l.TTFT = formatDuration(time.Duration(*e.TTFTMillis * float64(time.Millisecond)))
	}
	return l
}

// messagesOf reads a prompt or a completion as stored: a list of messages,
// one message, or plain text.
func messagesOf(v any) []sessiondoc.Message {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []sessiondoc.Message{{Content: x}}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return []sessiondoc.Message{{Content: fmt.Sprint(v)}}
	}
	var list []sessiondoc.Message
	if json.Unmarshal(data, &list) == nil {
		return list
	}
	var one sessiondoc.Message
	if json.Unmarshal(data, &one) == nil {
		return []sessiondoc.Message{one}
	}
	return []sessiondoc.Message{{Content: string(data)}}
}

// sortedAttributes returns attrs by key, values as JSON unless strings.
func sortedAttributes(attrs map[string]any) []keyValue {
	out := make([]keyValue, 0, len(attrs))
	for k, v := range attrs {
		s, ok := v.(string)
		if !ok {
			b, err := json.Marshal(v)
			s = string(b)
			if err != nil {
				s = fmt.Sprint(v)
			}
		}
		out = append(out, keyValue{k, s})
	}
	slices.SortFunc(out, func(a, b keyValue) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// flatten returns a nested host environment map as sorted "A / B" keys.
func flatten(prefix string, m map[string]any, out []keyValue) []keyValue {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		name := k
		if prefix != "" {
			name = prefix + " / " + k
		}
		if sub, ok := m[k].(map[string]any); ok {
			out = flatten(name, sub, out)
			continue
		}
		out = append(out, keyValue{name, fmt.Sprint(m[k])})
	}
	return out
}
