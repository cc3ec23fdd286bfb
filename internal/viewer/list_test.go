package viewer

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

// rowRE matches one row of the list and captures its session ID.
var rowRE = regexp.MustCompile(`<tr data-session-id="([0-9a-f-]+)"`)

// rowIDs returns the session IDs of the list's rows, in order.
func rowIDs(body string) []string {
	var ids []string
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// rowOf returns the HTML of the list row of session id, or "".
func rowOf(body, id string) string {
	i := strings.Index(body, `<tr data-session-id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</tr>")
	return body[i : i+j]
}

func TestListPage(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	res := get(t, v, "/")
	if res.Status != 200 || !strings.Contains(res.Body, `<table id="sessions"`) || !strings.Contains(res.Body, `<form id="filter"`) {
		t.Fatalf("status %d, body:\n%s", res.Status, res.Body)
	}
	if ids := rowIDs(res.Body); len(ids) != 6 {
		t.Fatalf("rows %v, want 6", ids)
	}
	for _, col := range []string{"name", "tags", "status", "start", "duration", "cost", "input_tokens", "output_tokens", "llm_calls", "tool_calls", "actions", "errors"} {
		if n := count(res.Body, `data-col="`+col+`"`); n != 6 {
			t.Errorf("%d cells of column %s, want 6", n, col)
		}
	}
	for _, col := range sortColumns {
		if !strings.Contains(res.Body, `data-sort="`+col+`"`) {
			t.Errorf("no sort link for %s", col)
		}
	}
	for _, name := range []string{`<input type="text" name="tag"`, `<input type="text" name="status"`, `<input type="search" name="q"`} {
		if !strings.Contains(res.Body, name) {
			t.Errorf("the filter form lacks %s", name)
		}
	}
	tests := []struct {
		id   string
		want []string
	}{
		{f.SuccessID, []string{">checkout<", ">shop<", ">eval<", "status-success", "$0.0125 +1 unpriced", `data-col="input_tokens" class="num">130<`, `data-col="llm_calls" class="num">2<`}},
		{f.FailID, []string{">planner<", "status-fail", "has-errors"}},
		// Both processes' calls: the owner's and the worker's that joined.
		{f.JoinedID, []string{">orchestrator<", ">joined<", "$0.2625 +1 unpriced", `data-col="input_tokens" class="num">127<`,
			`data-col="llm_calls" class="num">3<`, `data-col="tool_calls" class="num">2<`, `data-col="errors" class="num has-errors">1<`}},
		{sessionindextest.RunningID, []string{`class="badge status-running"`, ">3.0s<", "$0.5000"}},
		{sessionindextest.RecoveredID, []string{`class="badge status-recovered"`, "ended without ending the session"}},
		{sessionindextest.MalformedID, []string{"status-unreadable", "truncated JSON"}},
	}
	for _, tt := range tests {
		row := html.UnescapeString(rowOf(res.Body, tt.id))
		for _, w := range tt.want {
			if !strings.Contains(row, w) {
				t.Errorf("row of %s lacks %q:\n%s", tt.id, w, row)
			}
		}
	}
	if strings.Contains(res.Body, "indexing") {
		t.Error("a complete index shown as indexing")
	}
}

func TestListFiltersSortsAndPages(t *testing.T) {
	f := sessionindextest.Write(t)
	v, ix := newViewer(t, f.Dir)
	tests := []struct {
		name, path string
		want       []string
	}{
		{"status", "/?status=Fail", []string{f.FailID}},
		{"running", "/?status=running", []string{sessionindextest.RunningID}},
		{"tag", "/?tag=shop", []string{f.SuccessID}},
		{"text", "/?q=CHECK", []string{f.SuccessID}},
		{"nothing", "/?q=zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, v, tt.path)
			if got := rowIDs(res.Body); res.Status != 200 || strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("status %d rows %v, want %v", res.Status, got, tt.want)
			}
		})
	}
	for _, col := range sortColumns {
		for _, asc := range []string{"", "&asc=1"} {
			res := get(t, v, "/?sort="+col+asc)
			want := ix.Query(sessionindex.Query{Sort: col, Asc: asc != ""})
			var ids []string
			for _, r := range want.Rows {
				ids = append(ids, r.ID)
			}
			if got := rowIDs(res.Body); strings.Join(got, ",") != strings.Join(ids, ",") {
				t.Errorf("sort %s%s: rows %v, want %v", col, asc, got, ids)
			}
		}
	}
	// The current column's link flips the order; others keep the filter.
	res := get(t, v, "/?sort=cost&tag=shop")
	if !strings.Contains(res.Body, `data-sort="cost" href="/?asc=1&amp;sort=cost&amp;tag=shop"`) ||
		!strings.Contains(res.Body, `data-sort="name" href="/?sort=name&amp;tag=shop"`) {
		t.Errorf("sort links:\n%s", res.Body)
	}
	page1 := get(t, v, "/?limit=2")
	page3 := get(t, v, "/?limit=2&offset=4")
	page4 := get(t, v, "/?limit=2&offset=5")
	if ids := rowIDs(page1.Body); len(ids) != 2 || !strings.Contains(page1.Body, `href="/?limit=2&amp;offset=2" rel="next"`) || strings.Contains(page1.Body, `rel="prev"`) {
		t.Errorf("first page: rows %v\n%s", ids, page1.Body)
	}
	if ids := rowIDs(page3.Body); len(ids) != 2 || strings.Contains(page3.Body, `rel="next"`) || !strings.Contains(page3.Body, `rel="prev"`) {
		t.Errorf("last page: rows %v", ids)
	}
	if ids := rowIDs(page4.Body); len(ids) != 1 || strings.Contains(page4.Body, `rel="next"`) {
		t.Errorf("a page at the last row: rows %v", ids)
	}
	for _, bad := range []string{"/?sort=secret", "/?offset=-1", "/?limit=x", "/?asc=maybe"} {
		if res := get(t, v, bad); res.Status != 400 || !strings.Contains(res.Body, `id="error"`) {
			t.Errorf("%s: status %d, want 400 with #error", bad, res.Status)
		}
	}
}

func TestListShowsAnEmptyFolder(t *testing.T) {
	v, _ := newViewer(t, t.TempDir())
	res := get(t, v, "/")
	if res.Status != 200 || len(rowIDs(res.Body)) != 0 || !strings.Contains(res.Body, "examples/quickstart") {
		t.Errorf("status %d:\n%s", res.Status, res.Body)
	}
}
