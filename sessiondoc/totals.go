package sessiondoc

import (
	"encoding/json"
	"math"

	"github.com/agentops-go/sdk/internal/llmcost"
	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// Totals returns the figures of the whole session: the calls of every
// process that recorded it, each counted once. A session's figures are
// recorded per process, each by the SessionProcessor of the process that
// made the calls:
//
//   - the process that started the session: Stats, the figures its root
//     span carries; they count its spans, so its events are not counted
//     again (nor the events of a span the document does not list: such a
//     span is taken to be that process's);
//   - each process that joined it (a Process marked Inherited): the
//     figures its own span carries at its end ("<name>.process", the
//     agentops.session.* attributes of Span.Attributes), summed over its
//     spans of that kind (a process that joined twice);
//   - a process without such figures (the starting process before its
//     root arrives, a joined process still running or killed before it
//     ended its part): the sums of its events (an "llms" event's tokens and
//     CallCost; unpriced without one), TotalTokens being input plus output.
//
// A document that lists no joined process is its starting process's
// alone: its Stats, else the sums of its events; its spans are not read
// then (a reader may leave them out). Counts and tokens add up without
// wrapping; costs to the picodollar (as the SDK's stats do).
func (d *Document) Totals() Stats {
	var t Stats
	if d.Stats != nil {
		t = *d.Stats
	}
	var joined map[string]bool
	for _, p := range d.Processes {
		if p.Inherited {
			if joined == nil {
				joined = map[string]bool{}
			}
			joined[p.ID] = true
		}
	}
	if joined == nil {
		if d.Stats == nil {
			for i := range d.Events {
				t.addEvent(&d.Events[i])
			}
		}
		return t
	}
	process := make(map[string]string, len(d.Spans)) // span ID: the process that recorded it
	ended := map[string]bool{}                       // joined processes whose figures are in t
	counted := map[string]bool{}                     // process spans counted, by span ID
	for i := range d.Spans {
		sp := &d.Spans[i]
		process[sp.SpanID] = sp.Process
		if !joined[sp.Process] || counted[sp.SpanID] {
			continue
		}
		if f, ok := processFigures(sp.Attributes); ok {
			t.add(&f)
			ended[sp.Process], counted[sp.SpanID] = true, true
		}
	}
	for i := range d.Events {
		e := &d.Events[i]
		p := process[e.SpanID]
		if (joined[p] && ended[p]) || (!joined[p] && d.Stats != nil) {
			continue // in the figures of its process
		}
		t.addEvent(e)
	}
	return t
}

// CallCost is the cost of the LLM call e: its cost_usd, else (a document
// written before it had one) the cost the user gave; nil when unpriced or
// when e is nil.
func (e *LLMEvent) CallCost() *float64 {
	if e == nil {
		return nil
	}
	if e.CostUSD != nil {
		return e.CostUSD
	}
	return e.Cost
}

// add adds f to t.
func (t *Stats) add(f *Stats) {
	t.LLMCalls, t.ToolCalls = spanclass.Sum(t.LLMCalls, f.LLMCalls), spanclass.Sum(t.ToolCalls, f.ToolCalls)
	t.Actions, t.Errors = spanclass.Sum(t.Actions, f.Actions), spanclass.Sum(t.Errors, f.Errors)
	t.InputTokens, t.OutputTokens = spanclass.Sum(t.InputTokens, f.InputTokens), spanclass.Sum(t.OutputTokens, f.OutputTokens)
	t.TotalTokens = spanclass.Sum(t.TotalTokens, f.TotalTokens)
	t.UnpricedLLMCalls = spanclass.Sum(t.UnpricedLLMCalls, f.UnpricedLLMCalls)
	t.CostUSD = llmcost.Sum(t.CostUSD, f.CostUSD)
}

// addEvent counts the event e in t.
func (t *Stats) addEvent(e *Event) {
	var f Stats
	switch e.EventType {
	case EventTypeLLM:
		f.LLMCalls = 1
		if e.LLMEvent != nil {
			f.InputTokens, f.OutputTokens = max(e.PromptTokens, 0), max(e.CompletionTokens, 0)
			f.TotalTokens = spanclass.Sum(f.InputTokens, f.OutputTokens)
		}
		if c := e.LLMEvent.CallCost(); c != nil {
			f.CostUSD = *c
		} else {
			f.UnpricedLLMCalls = 1
		}
	case EventTypeTool:
		f.ToolCalls = 1
	case EventTypeAction:
		f.Actions = 1
	case EventTypeError:
		f.Errors = 1
	default:
		return
	}
	t.add(&f)
}

// processFigures reads the figures a joined process's span carries at its
// end (otelagentops writes them with the session's keys); ok is false
// when attrs has no agentops.session.llm_calls count. A value that is not
// a number of its kind (a count that is negative or not whole, a cost
// that is not finite) counts as 0.
func processFigures(attrs map[string]any) (f Stats, ok bool) {
	count := func(key string) int64 {
		n, isNum := number(attrs[key])
		if !isNum || n < 0 || n != math.Trunc(n) || n >= math.MaxInt64 {
			return 0
		}
		return int64(n)
	}
	if _, ok := number(attrs[string(semconv.AgentOpsSessionLLMCallsKey)]); !ok {
		return Stats{}, false
	}
	f = Stats{
		LLMCalls: count(string(semconv.AgentOpsSessionLLMCallsKey)), ToolCalls: count(string(semconv.AgentOpsSessionToolCallsKey)),
		Actions: count(string(semconv.AgentOpsSessionActionsKey)), Errors: count(string(semconv.AgentOpsSessionErrorsKey)),
		InputTokens: count(string(semconv.AgentOpsSessionInputTokensKey)), OutputTokens: count(string(semconv.AgentOpsSessionOutputTokensKey)),
		TotalTokens:      count(string(semconv.AgentOpsSessionTotalTokensKey)),
		UnpricedLLMCalls: count(string(semconv.AgentOpsSessionUnpricedLLMCallsKey)),
	}
	if c, isNum := number(attrs[string(semconv.AgentOpsSessionCostUSDKey)]); isNum {
		f.CostUSD = c
	}
	return f, true
}

// number returns v as a float64 when it is a finite number: as a document
// is decoded (float64, json.Number) or built (int64, float64).
func number(v any) (float64, bool) {
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case int64:
		n = float64(x)
	case int:
		n = float64(x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return 0, false
		}
		n = f
	default:
		return 0, false
	}
	return n, finite(n)
}
