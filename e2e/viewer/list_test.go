package viewer_test

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// testList: the list has one row per session of the folder, and each
// row's figures are its document's stats (the sums of its events, as the
// JSON list says, for the running one, which has the running badge).
func (v *viewerEnv) testList(t *testing.T) {
	v.b.open(t, v.base, "table#sessions")
	rows := v.listRows(t)
	want := []string{v.sc.quickstart, v.sc.joined, v.sc.hostile, v.sc.live.session.ID().String()}
	if got := rowIDs(rows); !sameSet(got, want) {
		t.Fatalf("rows %v, want one per session %v", got, want)
	}
	api := v.rows(t)
	for _, r := range rows {
		doc := v.document(t, r.ID)
		running := r.ID == v.sc.live.session.ID().String()
		if r.Running != running {
			t.Errorf("session %s (%s): running badge %v, want %v", r.ID, doc.Name, r.Running, running)
		}
		if running {
			if doc.Stats != nil {
				t.Errorf("running session %s has stats before its end", r.ID)
			}
			checkCells(t, r.ID, r.Cells, rowFigures(api[r.ID]))
		} else if doc.Stats == nil {
			t.Errorf("ended session %s has no stats", r.ID)
		} else {
			checkCells(t, r.ID, r.Cells, statsFigures(doc.Stats))
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
// second click reverses the order.
func (v *viewerEnv) testSort(t *testing.T) {
	api := v.rows(t)
	ids := make([]string, 0, len(api))
	for id := range api {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(api[a].CostUSD, api[b].CostUSD) })
	for i := 1; i < len(ids); i++ {
		if api[ids[i-1]].CostUSD == api[ids[i]].CostUSD {
			t.Fatalf("sessions %s and %s cost the same: the order would not tell", ids[i-1], ids[i])
		}
	}
	asc := slices.Clone(ids)
	desc := slices.Clone(ids)
	slices.Reverse(desc)

	v.b.open(t, v.base, `a[data-sort="cost"]`)
	v.b.run(t, "clicking the cost column", chromedp.Click(chromedp.CSS(`a[data-sort="cost"]`)))
	first := v.waitOrder(t, asc, desc)
	if first == nil {
		t.Fatalf("after clicking the cost column, rows %v, want by cost %v or %v", rowIDs(v.listRows(t)), asc, desc)
	}
	second := desc
	if slices.Equal(first, desc) {
		second = asc
	}
	v.b.run(t, "clicking the cost column again", chromedp.Click(chromedp.CSS(`a[data-sort="cost"]`)))
	if v.waitOrder(t, second) == nil {
		t.Errorf("after a second click on the cost column, rows %v, want %v", rowIDs(v.listRows(t)), second)
	}
}

// waitOrder waits until the list shows exactly one of orders and returns
// it, or nil.
func (v *viewerEnv) waitOrder(t *testing.T, orders ...[]string) []string {
	t.Helper()
	var conds []string
	for _, o := range orders {
		conds = append(conds, rowIDsJS+" === "+jsString(t, o))
	}
	if !v.b.waitFor(t, strings.Join(conds, " || ")) {
		return nil
	}
	got := rowIDs(v.listRows(t))
	for _, o := range orders {
		if slices.Equal(got, o) {
			return o
		}
	}
	return nil
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
