package viewer_test

import (
	"bytes"
	"image/png"
	"os"
	"strconv"
	"testing"
)

// testOverview: the overview's totals add up the list's rows, and its
// charts draw: cost per session always (sessions here have a cost), per
// model once the list knows the models of its sessions.
func (v *viewerEnv) testOverview(t *testing.T) {
	var page struct {
		Rows []struct {
			apiRow
			Models []struct{} `json:"models"`
		} `json:"rows"`
	}
	getJSON(t, v.base+"api/sessions", &page)
	var sum figures
	models := false
	for _, r := range page.Rows {
		f := rowFigures(r.apiRow)
		sum.CostUSD += f.CostUSD
		sum.InputTokens += f.InputTokens
		sum.OutputTokens += f.OutputTokens
		sum.LLMCalls += f.LLMCalls
		sum.ToolCalls += f.ToolCalls
		sum.Errors += f.Errors
		models = models || len(r.Models) > 0
	}

	v.b.open(t, v.base+"overview", "#totals")
	got := eval[map[string]string](t, v.b, `Object.fromEntries(Array.from(document.querySelectorAll('#totals [data-total]')).map(e => [e.dataset.total, e.textContent.trim()]))`)
	for name, n := range map[string]int64{"sessions": int64(len(page.Rows)), "llm_calls": sum.LLMCalls, "tool_calls": sum.ToolCalls,
		"errors": sum.Errors, "input_tokens": sum.InputTokens, "output_tokens": sum.OutputTokens} {
		if g, ok := cellInt(got[name]); !ok || g != n {
			t.Errorf("#totals [data-total=%s] %q, want %d (the rows' sum)", name, got[name], n)
		}
	}
	checkCost(t, "overview", got["cost"], sum.CostUSD)
	shapes := func(svg string) int {
		return eval[int](t, v.b, `document.querySelectorAll('svg#`+svg+` rect, svg#`+svg+` path, svg#`+svg+` circle, svg#`+svg+` polyline').length`)
	}
	if shapes("cost-chart") == 0 {
		t.Error("svg#cost-chart draws nothing")
	}
	if eval[int](t, v.b, `document.querySelectorAll('svg#model-chart').length`) != 1 {
		t.Error("no svg#model-chart")
	}
	if !models {
		t.Log("the list's rows name no models yet: the model chart is not checked for bars")
	} else if shapes("model-chart") == 0 {
		t.Error("svg#model-chart draws nothing, though the sessions name their models")
	}
	v.checkNoScript(t, "overview")
}

// testLive: while the running session's page is open, its process records
// one more LLM call; the page shows the new bar without a reload.
func (v *viewerEnv) testLive(t *testing.T) {
	id := v.sc.live.session.ID().String()
	p := v.openSession(t, id)
	eval[bool](t, v.b, `(window.__sameDocument = true)`) // gone if the page reloads
	v.sc.live.recordLLM(t)
	doc := v.document(t, id)
	want := barIDs(doc)
	if len(want) <= len(p.Bars) {
		t.Fatalf("the document has %d spans after one more call, the page showed %d", len(want), len(p.Bars))
	}
	cond := `window.__sameDocument === true && document.querySelector('#waterfall').getAttribute('data-span-count') === '` +
		strconv.Itoa(len(want)) + `' && document.querySelectorAll('#waterfall .bar[data-span-id]').length === ` + strconv.Itoa(len(want))
	if !v.b.waitFor(t, cond) {
		got := eval[sessionPage](t, v.b, readSessionJS)
		t.Fatalf("the open page did not update in place: data-span-count %q, bars %v, want %d bars %v (same document: %v; %v)",
			got.SpanCount, got.Bars, len(want), want, eval[bool](t, v.b, `window.__sameDocument === true`),
			eval[any](t, v.b, `[document.visibilityState, document.hidden, document.body.getAttribute('data-live-url'), document.body.getAttribute('data-version')]`))
	}
	if got := eval[sessionPage](t, v.b, readSessionJS); !sameSet(got.Bars, want) {
		t.Errorf("bars %v after the update, want %v", got.Bars, want)
	}
}

// testScreenshots saves full-page screenshots of the list, of a session
// page with an LLM call's details open, and of the overview.
func (v *viewerEnv) testScreenshots(t *testing.T) {
	v.b.open(t, v.base, "table#sessions")
	checkPNG(t, v.b.screenshot(t, "list"))

	doc := v.document(t, v.sc.quickstart)
	v.openSession(t, v.sc.quickstart)
	v.clickBar(t, barOf(doc, llmEvent(t, doc, quickstartPrompt[1].Content)), ".prompt .message")
	checkPNG(t, v.b.screenshot(t, "session"))

	v.b.open(t, v.base+"overview", "#totals")
	checkPNG(t, v.b.screenshot(t, "overview"))
}

// checkPNG fails t unless path is a PNG at least as wide as the window.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if cfg.Width < 1280 || cfg.Height < 200 {
		t.Errorf("%s: %dx%d, want a full page of a 1280 px window", path, cfg.Width, cfg.Height)
	}
}
