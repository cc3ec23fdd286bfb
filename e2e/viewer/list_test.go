package viewer_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// testList: the list has one row per session of the folder, and each
// row's figures are its document's totals (Document.Totals: the stats of
// every process, the joined session's child included; for a document
// without stats, the running one, the figures of the JSON list); the
// running and the recovered sessions carry their badges.
func (v *viewerEnv) testList(t *testing.T) {
	v.b.open(t, v.base, "table#sessions")
	rows := v.listRows(t)
	live := v.sc.live.session.ID().String()
	want := []string{v.sc.quickstart, v.sc.joined, v.sc.hostile, v.sc.recovered, live}
	if got := rowIDs(rows); !sameSet(got, want) {
		t.Fatalf("rows %v, want one per session %v", got, want)
	}
	api := v.rows(t)
	for _, r := range rows {
		doc := v.document(t, r.ID)
		if running := r.ID == live; r.Running != running {
			t.Errorf("session %s (%s): running badge %v, want %v", r.ID, doc.Name, r.Running, running)
		}
		if recovered := r.ID == v.sc.recovered; r.Recovered != recovered {
			t.Errorf("session %s (%s): recovered badge %v, want %v", r.ID, doc.Name, r.Recovered, recovered)
		}
		switch {
		case doc.Stats != nil:
			totals := doc.Totals()
			checkCells(t, r.ID, r.Cells, statsFigures(&totals))
		case r.ID == live || r.ID == v.sc.recovered:
			checkCells(t, r.ID, r.Cells, rowFigures(api[r.ID]))
		default:
			t.Errorf("ended session %s has no stats", r.ID)
		}
		if !strings.Contains(r.Cells["name"], doc.Name) {
			t.Errorf("session %s: name cell %q, want %q", r.ID, r.Cells["name"], doc.Name)
		}
		for _, tag := range doc.Session.Tags {
			if !strings.Contains(r.Cells["tags"], tag) {
				t.Errorf("session %s: tags cell %q lacks %q", r.ID, r.Cells["tags"], tag)
			}
		}
	}
	// What the quickstart records (examples/quickstart), as its document
	// says: two LLM calls, a tool call, an action, an error.
	if st := v.document(t, v.sc.quickstart).Stats; st == nil || st.LLMCalls != 2 || st.ToolCalls != 1 || st.Actions != 1 ||
		st.Errors != 1 || st.InputTokens == 0 || st.CostUSD <= 0 {
		t.Errorf("quickstart stats %+v, want 2 LLM calls, 1 tool, 1 action, 1 error, tokens and a cost", st)
	}
}

// testSort: the cost column's sort link orders the rows by cost, and a
// second click reverses the order. Sessions of equal cost may come in
// either order among themselves.
func (v *viewerEnv) testSort(t *testing.T) {
	api := v.rows(t)
	costs := map[string]float64{}
	for id, r := range api {
		costs[id] = r.CostUSD
	}
	costJSON, err := json.Marshal(costs)
	if err != nil {
		t.Fatal(err)
	}
	// ordered(dir) is true when the list holds every session, by cost in
	// direction dir (1 ascending, -1 descending), the first and last
	// differing.
	ordered := func(dir int) string {
		return `(() => { const c = ` + string(costJSON) + `; const ids = JSON.parse(` + rowIDsJS + `);
			if (ids.length !== ` + strconv.Itoa(len(costs)) + ` || c[ids[0]] === c[ids[ids.length-1]]) return false;
			for (let i = 1; i < ids.length; i++) if ((c[ids[i]] - c[ids[i-1]]) * ` + strconv.Itoa(dir) + ` < 0) return false;
			return true })()`
	}
	v.b.open(t, v.base, `a[data-sort="cost"]`)
	v.b.run(t, "clicking the cost column", chromedp.Click(chromedp.CSS(`a[data-sort="cost"]`)))
	if !v.b.waitFor(t, ordered(1)+" || "+ordered(-1)) {
		t.Fatalf("after a click on the cost column, rows %v, not by cost %v", rowIDs(v.listRows(t)), costs)
	}
	dir := -1
	if eval[bool](t, v.b, ordered(-1)) {
		dir = 1
	}
	v.b.run(t, "clicking the cost column again", chromedp.Click(chromedp.CSS(`a[data-sort="cost"]`)))
	if !v.b.waitFor(t, ordered(dir)) {
		t.Errorf("after a second click on the cost column, rows %v, want them by cost the other way %v", rowIDs(v.listRows(t)), costs)
	}
}

// rowIDsJS is the session IDs of the list's rows as a JSON string.
const rowIDsJS = `JSON.stringify(Array.from(document.querySelectorAll('table#sessions tr[data-session-id]')).map(tr => tr.dataset.sessionId))`

// jsString returns the JSON of ids as a JavaScript string literal.
func jsString(t *testing.T, ids []string) string {
	t.Helper()
	if ids == nil {
		ids = []string{}
	}
	inner, err := json.Marshal(ids)
	if err != nil {
		t.Fatal(err)
	}
	lit, err := json.Marshal(string(inner))
	if err != nil {
		t.Fatal(err)
	}
	return string(lit)
}

// testFilter: form#filter narrows the list by tag, by status and by text,
// typed and submitted as a user would.
func (v *viewerEnv) testFilter(t *testing.T) {
	live := v.sc.live.session.ID().String()
	for _, c := range []struct {
		field, value string
		want         []string
	}{
		{"tag", "quickstart", []string{v.sc.quickstart}},
		{"tag", "joined", []string{v.sc.joined}},
		{"status", "running", []string{live}},
		{"q", "orchestrator", []string{v.sc.joined}},
	} {
		v.b.open(t, v.base, "form#filter")
		field := `form#filter [name="` + c.field + `"]`
		set := chromedp.SendKeys(chromedp.CSS(field), c.value)
		if c.field == "status" {
			set = chromedp.SetValue(chromedp.CSS(field), c.value) // a select, or an input
		}
		v.b.run(t, "filtering by "+c.field, set, chromedp.Submit(chromedp.CSS("form#filter")))
		if !v.b.waitFor(t, rowIDsJS+" === "+jsString(t, c.want)) {
			t.Errorf("filter %s=%s: rows %v, want %v", c.field, c.value, rowIDs(v.listRows(t)), c.want)
		}
	}
}

// sameSet reports whether a and b hold the same strings, each once.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b) && len(slices.Compact(a)) == len(b)
}
