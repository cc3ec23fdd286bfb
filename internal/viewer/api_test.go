package viewer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

func TestAPISessions(t *testing.T) {
	f := sessionindextest.Write(t)
	v, ix := newViewer(t, f.Dir)
	decode := func(path string) sessionsResponse {
		t.Helper()
		res := get(t, v, path)
		var out sessionsResponse
		if res.Status != 200 || res.Header.Get("Content-Type") != "application/json" || json.Unmarshal([]byte(res.Body), &out) != nil {
			t.Fatalf("%s: %d %s", path, res.Status, res.Body)
		}
		return out
	}
	all := decode("/api/sessions")
	if len(all.Rows) != 6 || all.Matched != 6 || all.Total != 6 || !all.Complete || all.Version != ix.Version() {
		t.Errorf("all: %+v", all)
	}
	if got := decode("/api/sessions?status=Fail"); len(got.Rows) != 1 || got.Rows[0].ID != f.FailID || got.Matched != 1 || got.Total != 6 {
		t.Errorf("status Fail: %+v", got)
	}
	if got := decode("/api/sessions?tag=eval&q=check"); len(got.Rows) != 1 || got.Rows[0].ID != f.SuccessID || got.Rows[0].Unpriced != 1 {
		t.Errorf("tag and text: %+v", got)
	}
	byCost := decode("/api/sessions?sort=cost&asc=1&offset=1&limit=2")
	want := ix.Query(sessionindex.Query{Sort: sessionindex.SortCost, Asc: true, Offset: 1, Limit: 2})
	if len(byCost.Rows) != 2 || byCost.Rows[0].ID != want.Rows[0].ID || byCost.Rows[1].ID != want.Rows[1].ID || byCost.Matched != 6 {
		t.Errorf("sorted page: %+v", byCost)
	}
	if got := decode("/api/sessions?q=nothing-matches"); got.Rows == nil || len(got.Rows) != 0 {
		t.Errorf("no match: rows %v, want []", got.Rows)
	}
	if res := get(t, v, "/api/sessions?sort=x"); res.Status != 400 || !strings.Contains(res.Body, `"error":"unknown sort column`) {
		t.Errorf("bad sort: %d %s", res.Status, res.Body)
	}
}

func TestAPISessionIsTheDocumentAsStored(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	for _, id := range []string{f.SuccessID, sessionindextest.RunningID} {
		res := get(t, v, "/api/sessions/"+id)
		stored, err := os.ReadFile(filepath.Join(f.Dir, id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != 200 || res.Body != string(stored) || res.Header.Get("ETag") == "" {
			t.Errorf("%s: status %d, body differs from the file: %v", id, res.Status, res.Body != string(stored))
		}
	}
}

func TestAPIVersions(t *testing.T) {
	f := sessionindextest.Write(t)
	v, ix := newViewer(t, f.Dir)
	var lv listVersion
	if res := get(t, v, "/api/version"); json.Unmarshal([]byte(res.Body), &lv) != nil || lv.Version == "" {
		t.Fatalf("version: %s", res.Body)
	}
	if err := os.Remove(filepath.Join(f.Dir, f.FailID+".json")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	var after listVersion
	if res := get(t, v, "/api/version"); json.Unmarshal([]byte(res.Body), &after) != nil || after.Version == lv.Version {
		t.Errorf("the list changed and its version did not: %s then %s", lv.Version, after.Version)
	}
	var sv sessionVersion
	if res := get(t, v, "/api/sessions/"+f.SuccessID+"/version"); json.Unmarshal([]byte(res.Body), &sv) != nil || sv.Version == "" || sv.Status != "Success" {
		t.Errorf("session version: %s", res.Body)
	}
}

func TestAPIOverview(t *testing.T) {
	f := sessionindextest.Write(t)
	v, _ := newViewer(t, f.Dir)
	res := get(t, v, "/api/overview")
	var o overviewData
	if res.Status != 200 || json.Unmarshal([]byte(res.Body), &o) != nil {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	// Success 0.0125, joined 0.0125 + 0.25 (both processes), running 0.5,
	// recovered 0.5; the malformed file has no figures.
	if o.Totals.Sessions != 6 || o.Totals.Unreadable != 1 || o.Totals.Running != 1 || o.Totals.Failed != 1 ||
		o.Totals.LLMCalls != 7 || o.Totals.ToolCalls != 4 || o.Totals.Unpriced != 2 || o.Totals.InputTokens != 271 ||
		len(o.Sessions) != 5 || !o.Complete {
		t.Errorf("overview: %+v", o)
	}
	if d := o.Totals.CostUSD - 1.275; d > 1e-9 || d < -1e-9 {
		t.Errorf("total cost %v, want 1.275", o.Totals.CostUSD)
	}
	for i := 1; i < len(o.Sessions); i++ {
		if o.Sessions[i].Start.Before(o.Sessions[i-1].Start) {
			t.Errorf("sessions not oldest first: %+v", o.Sessions)
		}
	}
}

func TestAPIUnknownEndpointIsJSON(t *testing.T) {
	v, _ := newViewer(t, t.TempDir())
	for _, p := range []string{"/api/nope", "/api/sessions/x/y/z"} {
		res := get(t, v, p)
		if res.Status != 404 || res.Header.Get("Content-Type") != "application/json" || !strings.Contains(res.Body, `"error":"no API endpoint`) {
			t.Errorf("%s: %d %q %s", p, res.Status, res.Header.Get("Content-Type"), res.Body)
		}
	}
}
