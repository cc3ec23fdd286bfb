package exportertest

import (
	"cmp"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// The span type icons of the AgentOps trace drawer (the backend's span_type).
const (
	IconRequest = "request" // an LLM call
	IconAgent   = "agent"
	IconTool    = "tool"
	IconOther   = "other"
)

// Dashboard is what the AgentOps dashboard shows for one trace (one
// session), computed by ReadDashboard with the rules of AgentOps's
// open-sourced backend (app/api) and dashboard (app/dashboard). It is a test
// oracle: it reads the exported spans as AgentOps stores them, every
// attribute value as a string, duplicates kept. Left out: the special
// cases of span names starting "adk.", "ag2." or "agno.", and the prices
// the server looks up (Costs says what it prices).
//
// The icon is the backend's format_span_type: the attributes become a
// nested object ("a.b.c" is {"a": {"b": {"c": …}}}), walked depth first;
// the first key named gen_ai, agent or tool, at any depth, gives the icon
// (so agentops.tool.input makes a tool icon). The backend reads the
// attributes back from storage, in an order that need not be the export
// order: Icons lists every icon some order could give, and only a span with
// one is sure to show it.
type Dashboard struct {
	// The session list row.
	Name     string        // the earliest-starting span's name, ".session" cut off
	Tags     []string      // agentops.tags of that span: a string array, or a JSON list in a string
	Duration time.Duration // last span start minus first span start
	Status   string        // "OK" when no span has status Error, else "ERROR"
	Errors   int           // spans with status Error

	// Span status counts: Ok, Error, Unset.
	Success, Fail, Indeterminate int

	// Token sums over every span.
	PromptTokens, CompletionTokens, CacheReadTokens, ReasoningTokens int64

	// The trace drawer.
	LLMCalls  int // spans with an attribute key starting "gen_ai."
	ToolCalls int // spans with an attribute key starting "tool."

	Costs []Cost     // what the cost column adds up, one per span that has a cost
	Spans []SpanView // the waterfall, by start time
}

// SpanView is how the dashboard shows one span.
type SpanView struct {
	Span      *tracepb.Span
	Header    string   // the text after the last "." of the name (the whole name without one)
	Icon      string   // IconRequest, IconAgent, IconTool or IconOther, for the attributes in export order
	Icons     []string // every icon some order of the attributes could give
	Waterfall string   // session, agent, operation, task, workflow, tool, llm, error, other
	LLM, Tool bool     // counted in the drawer's LLM Calls, Tool Calls
}

// Cost is the cost input of one span: gen_ai.usage.total_cost when the span
// carries it, else a server-side price of Model for the tokens.
type Cost struct {
	Span  *tracepb.Span
	Given bool    // gen_ai.usage.total_cost is set: it is the cost
	USD   float64 // the given cost
	Model string  // priced server-side: gen_ai.response.model, else gen_ai.request.model
	// The tokens the server prices.
	PromptTokens, CompletionTokens int64
}

// ByTrace groups spans by trace ID (32 lower-case hex digits, as in the
// dashboard's session links).
func ByTrace(spans []*tracepb.Span) map[string][]*tracepb.Span {
	out := map[string][]*tracepb.Span{}
	for _, s := range spans {
		id := hex.EncodeToString(s.GetTraceId())
		out[id] = append(out[id], s)
	}
	return out
}

// ReadDashboard returns what the AgentOps dashboard shows for spans, the
// spans of one trace as exported (exportertest.Server.Accepted, grouped with
// ByTrace).
func ReadDashboard(spans []*tracepb.Span) Dashboard {
	var d Dashboard
	if len(spans) == 0 {
		d.Status = "OK"
		return d
	}
	sorted := slices.Clone(spans)
	slices.SortStableFunc(sorted, func(a, b *tracepb.Span) int {
		return cmp.Compare(a.GetStartTimeUnixNano(), b.GetStartTimeUnixNano())
	})
	first := sorted[0]
	d.Name = strings.TrimSuffix(first.GetName(), ".session")
	d.Tags = tagsOf(first)
	d.Duration = time.Duration(sorted[len(sorted)-1].GetStartTimeUnixNano() - first.GetStartTimeUnixNano())
	for _, s := range sorted {
		switch s.GetStatus().GetCode() {
		case tracepb.Status_STATUS_CODE_OK:
			d.Success++
		case tracepb.Status_STATUS_CODE_ERROR:
			d.Fail++
		default:
			d.Indeterminate++
		}
		attrs := stringAttrs(s)
		d.PromptTokens += number(attrs["gen_ai.usage.prompt_tokens"])
		d.CompletionTokens += number(attrs["gen_ai.usage.completion_tokens"])
		d.CacheReadTokens += number(attrs["gen_ai.usage.cache_read_input_tokens"])
		d.ReasoningTokens += number(attrs["gen_ai.usage.reasoning_tokens"])
		if c, ok := costOf(s, attrs); ok {
			d.Costs = append(d.Costs, c)
		}
		v := viewOf(s)
		if v.LLM {
			d.LLMCalls++
		}
		if v.Tool {
			d.ToolCalls++
		}
		d.Spans = append(d.Spans, v)
	}
	d.Errors = d.Fail
	d.Status = "OK"
	if d.Errors > 0 {
		d.Status = "ERROR"
	}
	return d
}

// viewOf applies the drawer's and the waterfall's rules to one span.
func viewOf(s *tracepb.Span) SpanView {
	name := s.GetName()
	v := SpanView{Span: s, Header: name}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		v.Header = name[i+1:]
	}
	tree := &node{}
	for _, kv := range s.GetAttributes() {
		switch top, _, _ := strings.Cut(kv.GetKey(), "."); top {
		case "gen_ai":
			v.LLM = true
		case "tool":
			v.Tool = true
		}
		tree.add(strings.Split(kv.GetKey(), "."))
	}
	v.Icon = tree.icon()
	v.Icons = tree.icons(nil)
	v.Waterfall = waterfall(name, v, stringAttrs(s)["agentops.span.kind"])
	if s.GetStatus().GetCode() == tracepb.Status_STATUS_CODE_ERROR {
		v.Waterfall = "error"
	}
	return v
}

// waterfall is the dashboard's determineSpanType for names outside the
// adk./ag2./agno. frameworks, before the Error status overrides it.
func waterfall(name string, v SpanView, kind string) string {
	for _, suffix := range []string{"session", "agent", "operation", "task", "workflow", "tool"} {
		if strings.HasSuffix(name, "."+suffix) {
			return suffix
		}
	}
	switch {
	case v.Icon == IconRequest && !v.LLM:
		return IconOther
	case v.LLM:
		return "llm"
	case v.Icon == IconTool || kind == "tool":
		return "tool"
	case kind == "workflow":
		return "workflow"
	}
	return v.Icon
}

// node is the backend's nested form of a span's attributes
// ("a.b.c" -> {"a": {"b": {"c": …}}}), children in order of first use.
type node struct {
	names    []string
	children map[string]*node
}

func (n *node) add(path []string) {
	if len(path) == 0 {
		return
	}
	if n.children == nil {
		n.children = map[string]*node{}
	}
	c, ok := n.children[path[0]]
	if !ok {
		c = &node{}
		n.children[path[0]] = c
		n.names = append(n.names, path[0])
	}
	c.add(path[1:])
}

// iconOf maps the keys the backend's format_span_type looks for.
var iconOf = map[string]string{"gen_ai": IconRequest, "agent": IconAgent, "tool": IconTool}

// icon walks the tree depth first, as format_span_type does: the first key,
// at any depth, that names an icon wins.
func (n *node) icon() string {
	for _, name := range n.names {
		if icon, ok := iconOf[name]; ok {
			return icon
		}
		if icon := n.children[name].icon(); icon != IconOther {
			return icon
		}
	}
	return IconOther
}

// icons returns every icon named by a key that some walk can reach first:
// each key naming an icon that has no such key above it.
func (n *node) icons(acc []string) []string {
	for _, name := range n.names {
		if icon, ok := iconOf[name]; ok {
			if !slices.Contains(acc, icon) {
				acc = append(acc, icon)
			}
			continue
		}
		acc = n.children[name].icons(acc)
	}
	return acc
}

// costOf returns the cost input of s, if it has one: a given total cost, or
// tokens and a model for the server to price.
func costOf(s *tracepb.Span, attrs map[string]string) (Cost, bool) {
	c := Cost{Span: s, PromptTokens: number(attrs["gen_ai.usage.prompt_tokens"]),
		CompletionTokens: number(attrs["gen_ai.usage.completion_tokens"])}
	if raw, ok := attrs["gen_ai.usage.total_cost"]; ok {
		usd, err := strconv.ParseFloat(raw, 64)
		c.Given, c.USD = err == nil, usd
		return c, true
	}
	c.Model = cmp.Or(attrs["gen_ai.response.model"], attrs["gen_ai.request.model"])
	return c, c.Model != "" && (c.PromptTokens > 0 || c.CompletionTokens > 0)
}
