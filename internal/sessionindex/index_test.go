package sessionindex_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

func TestIndexQuerySortsFiltersAndPages(t *testing.T) {
	f := sessionindextest.Write(t)
	ix := sessionindex.NewIndex(f.Dir)
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	v := ix.Version()
	all := ix.Query(sessionindex.Query{})
	if all.Total != 6 || all.Matched != 6 || len(all.Rows) != 6 || !all.Complete {
		t.Fatalf("all: total %d matched %d rows %d complete %v, want 6 6 6 true", all.Total, all.Matched, len(all.Rows), all.Complete)
	}
	if got := ix.Query(sessionindex.Query{Status: "Fail"}); got.Matched != 1 || got.Rows[0].ID != f.FailID {
		t.Errorf("status Fail: %+v", got.Rows)
	}
	if got := ix.Query(sessionindex.Query{Tag: "shop"}); got.Matched != 1 || got.Rows[0].ID != f.SuccessID {
		t.Errorf("tag shop: %+v", got.Rows)
	}
	if got := ix.Query(sessionindex.Query{Text: "CHECKOUT"}); got.Matched != 1 || got.Rows[0].ID != f.SuccessID {
		t.Errorf("text CHECKOUT: %+v", got.Rows)
	}
	byCost := ix.Query(sessionindex.Query{Sort: sessionindex.SortCost})
	for i := 1; i < len(byCost.Rows); i++ {
		if byCost.Rows[i].CostUSD > byCost.Rows[i-1].CostUSD {
			t.Fatalf("cost not descending at %d: %v > %v", i, byCost.Rows[i].CostUSD, byCost.Rows[i-1].CostUSD)
		}
	}
	page := ix.Query(sessionindex.Query{Offset: 5, Limit: 3})
	if page.Matched != 6 || len(page.Rows) != 1 || page.Rows[0].ID != all.Rows[5].ID {
		t.Errorf("page at 5: matched %d rows %d", page.Matched, len(page.Rows))
	}

	if err := ix.Refresh(); err != nil || ix.Version() != v {
		t.Errorf("a refresh without change moved the version %d -> %d (err %v)", v, ix.Version(), err)
	}
	if err := os.Remove(filepath.Join(f.Dir, f.FailID+".json")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(); err != nil || ix.Version() == v || ix.Query(sessionindex.Query{}).Total != 5 {
		t.Errorf("after a removal: version %d (was %d), total %d, err %v", ix.Version(), v, ix.Query(sessionindex.Query{}).Total, err)
	}
}
