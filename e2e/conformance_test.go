package e2e_test

import (
	"slices"
	"strings"
	"testing"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// TestConformance reads the AgentOps payloads of the quickstart, of
// examples/openai and of an in-process run with the AgentOps dashboard's
// own rules (exportertest.ReadDashboard), and checks that the dashboard
// shows what happened: the drawer's LLM and tool counts are the SDK's
// summary line's, only LLM calls get the LLM icon, no header splits a
// model name, no span is named after a Go pointer type, a failed session
// shows failed, and the figures of the list row are the SDK's.
func TestConformance(t *testing.T) {
	t.Run("Quickstart", func(t *testing.T) {
		run := runExample(t, quickstart)
		checkDashboard(t, oneTrace(t, run.agentOps), run.summary)
	})
	t.Run("OpenAIExample", func(t *testing.T) {
		run := runExample(t, openaiExample)
		checkDashboard(t, oneTrace(t, run.agentOps), run.summary)
	})
	t.Run("InProcess", func(t *testing.T) {
		run := runAgents(t)
		traces := exportertest.ByTrace(run.agentOps)
		if len(traces) != len(run.sessions) {
			t.Errorf("%d traces for %d sessions", len(traces), len(run.sessions))
		}
		for _, s := range run.sessions {
			t.Run(s.name, func(t *testing.T) {
				st := s.stats
				checkDashboard(t, traces[s.id.TraceID().String()], summary{name: s.name, tags: s.tags, state: s.state,
					llms: st.LLMCalls, tools: st.ToolCalls, errors: st.Errors, tokens: true,
					input: st.InputTokens, output: st.OutputTokens, cacheRead: st.CacheReadTokens, reasoning: st.ReasoningTokens})
			})
		}
		trip := exportertest.ReadDashboard(traces[run.sessions[0].id.TraceID().String()])
		checkTripCosts(t, trip)
	})
}

// summary is what the SDK said about a session: its summary line (or
// Session.Stats), its name, tags, end state and tokens.
type summary struct {
	name                string
	tags                []string
	state               semconv.EndState
	llms, tools, errors int
	tokens              bool // the token figures are known
	input, output       int64
	cacheRead           int64
	reasoning           int64
}

// oneTrace returns the spans of the only trace in spans.
func oneTrace(t *testing.T, spans []*tracepb.Span) []*tracepb.Span {
	t.Helper()
	traces := exportertest.ByTrace(spans)
	if len(traces) != 1 {
		t.Fatalf("%d traces, want the one session", len(traces))
	}
	for _, s := range traces {
		return s
	}
	return nil
}

// checkDashboard checks what the dashboard shows for one session's spans
// against what the SDK said.
func checkDashboard(t *testing.T, spans []*tracepb.Span, want summary) {
	t.Helper()
	if len(spans) == 0 {
		t.Fatal("no span of the session reached AgentOps")
	}
	d := exportertest.ReadDashboard(spans)
	if d.LLMCalls != want.llms || d.ToolCalls != want.tools {
		t.Errorf("trace drawer: LLM Calls %d, Tool Calls %d; the SDK's summary line says LLMs: %d, Tools: %d%s",
			d.LLMCalls, d.ToolCalls, want.llms, want.tools, countedAsLLM(d))
	}
	if !strings.EqualFold(d.Name, want.name) {
		t.Errorf("session list: name %q, want %q (the earliest span is %q)", d.Name, want.name, d.Spans[0].Span.GetName())
	}
	if !slices.Equal(d.Tags, want.tags) {
		t.Errorf("session list: tags %q, want %q", d.Tags, want.tags)
	}
	// The list's only failure signal is span status: a Fail session shows
	// ERROR, and its root is counted among the errors.
	wantErrors := want.errors
	if want.state == semconv.EndStateFail {
		wantErrors++
	}
	wantStatus := "OK"
	if wantErrors > 0 {
		wantStatus = "ERROR"
	}
	if d.Errors != wantErrors || d.Status != wantStatus {
		t.Errorf("session list: Errors %d, Status %s; want %d, %s (%d error spans, end state %s)",
			d.Errors, d.Status, wantErrors, wantStatus, want.errors, want.state)
	}
	if want.tokens && (d.PromptTokens != want.input || d.CompletionTokens != want.output ||
		d.CacheReadTokens != want.cacheRead || d.ReasoningTokens != want.reasoning) {
		t.Errorf("session list: tokens %d prompt, %d completion, %d cache read, %d reasoning; the SDK counted %d, %d, %d, %d",
			d.PromptTokens, d.CompletionTokens, d.CacheReadTokens, d.ReasoningTokens, want.input, want.output, want.cacheRead, want.reasoning)
	}
	for _, v := range d.Spans {
		checkSpanView(t, v, want.state)
	}
}

// checkSpanView checks how the dashboard shows one span.
func checkSpanView(t *testing.T, v exportertest.SpanView, state semconv.EndState) {
	t.Helper()
	s := v.Span
	kind := strAttr(s, "agentops.span.kind")
	failed := s.GetStatus().GetCode() == tracepb.Status_STATUS_CODE_ERROR
	if kind == "llm" {
		if strAttr(s, "gen_ai.request.model") == "" {
			t.Errorf("LLM span %q has no gen_ai.request.model", s.GetName())
		}
		if v.Icon != exportertest.IconRequest || len(v.Icons) != 1 || !v.LLM {
			t.Errorf("LLM span %q: icon %q (any order: %q), counted as LLM call %v; want the request icon only", s.GetName(), v.Icon, v.Icons, v.LLM)
		}
		if want := "llm"; failed {
			if v.Waterfall != "error" {
				t.Errorf("failed LLM span %q: waterfall %q, want error", s.GetName(), v.Waterfall)
			}
		} else if v.Waterfall != want || s.GetStatus().GetCode() != tracepb.Status_STATUS_CODE_OK {
			t.Errorf("LLM span %q: waterfall %q, status %v; want %s and Ok (a successful call reads Ok)", s.GetName(), v.Waterfall, s.GetStatus().GetCode(), want)
		}
	} else {
		if slices.Contains(v.Icons, exportertest.IconRequest) || v.Waterfall == "llm" || v.LLM {
			t.Errorf("%s span %q: icon %q (any order: %q), waterfall %q, counted as LLM call %v; only LLM spans may read as LLM calls (gen_ai keys: %q)",
				kindName(kind), s.GetName(), v.Icon, v.Icons, v.Waterfall, v.LLM, genAIKeys(s))
		}
	}
	// The name is "{operation} {request model}": its header, the text after
	// the last ".", must hold the whole model (U+2024 may stand for its dots).
	if model := strAttr(s, "gen_ai.request.model"); model != "" && !strings.Contains(strings.ReplaceAll(v.Header, "\u2024", "."), model) {
		t.Errorf("span %q: the header %q splits the model %q", s.GetName(), v.Header, model)
	}
	if failed || strings.HasSuffix(s.GetName(), ".error") {
		if strings.Contains(s.GetName(), "*") || strings.Contains(strAttr(s, "operation.name"), "*") {
			t.Errorf("error span %q (operation.name %q, header %q) is named after a Go pointer type", s.GetName(), strAttr(s, "operation.name"), v.Header)
		}
	}
	if kind == "session" {
		wantCode := map[semconv.EndState]tracepb.Status_StatusCode{semconv.EndStateSuccess: tracepb.Status_STATUS_CODE_OK,
			semconv.EndStateFail: tracepb.Status_STATUS_CODE_ERROR, semconv.EndStateIndeterminate: tracepb.Status_STATUS_CODE_UNSET}[state]
		if v.Waterfall != "session" && !failed || s.GetStatus().GetCode() != wantCode {
			t.Errorf("session root %q: waterfall %q, status %v; want session, %v for %s", s.GetName(), v.Waterfall, s.GetStatus().GetCode(), wantCode, state)
		}
	}
}

// checkTripCosts checks the cost inputs of the "trip" session: the cost the
// user gave is the only cost written, every other call is priced by the
// AgentOps server from its model, the unpriced one included.
func checkTripCosts(t *testing.T, d exportertest.Dashboard) {
	t.Helper()
	var given []float64
	models := map[string]int{}
	for _, c := range d.Costs {
		if c.Given {
			given = append(given, c.USD)
		} else {
			models[c.Model]++
		}
	}
	if !slices.Equal(given, []float64{givenCostUSD}) {
		t.Errorf("costs written on spans: %v; want only the one the user gave, %v", given, givenCostUSD)
	}
	if models[unpricedModel] != 1 || models[dottedModel+"-2025-04-14"] != 2 {
		t.Errorf("calls priced server-side, by model: %v; want the unpriced model once and %s's response model twice", models, dottedModel)
	}
}

// strAttr returns the string attribute key of s ("" when absent).
func strAttr(s *tracepb.Span, key string) string {
	for _, kv := range s.GetAttributes() {
		if kv.GetKey() == key {
			if sv, ok := kv.GetValue().GetValue().(*commonpb.AnyValue_StringValue); ok {
				return sv.StringValue
			}
		}
	}
	return ""
}

// genAIKeys lists the gen_ai.* keys of s.
func genAIKeys(s *tracepb.Span) []string {
	var keys []string
	for _, kv := range s.GetAttributes() {
		if strings.HasPrefix(kv.GetKey(), "gen_ai.") {
			keys = append(keys, kv.GetKey())
		}
	}
	return keys
}

// countedAsLLM names the spans the drawer counts as LLM calls.
func countedAsLLM(d exportertest.Dashboard) string {
	var names []string
	for _, v := range d.Spans {
		if v.LLM {
			names = append(names, v.Span.GetName())
		}
	}
	return "; counted as LLM calls: " + strings.Join(names, ", ")
}

func kindName(kind string) string {
	if kind == "" {
		return "kindless"
	}
	return kind
}
