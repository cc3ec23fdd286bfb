package sessionindex_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

// TestIndexConcurrentSafe refreshes (by Refresh and by Run) and queries an
// index while its folder changes under it: documents written (atomically,
// as a Sink does), half written, rewritten and removed. Every page must be
// consistent and versions must only grow. CI runs it with -race -count=20.
func TestIndexConcurrentSafe(t *testing.T) {
	f := sessionindextest.Write(t)
	ix := sessionindex.NewIndex(f.Dir)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { ix.Run(ctx, time.Millisecond) })
	wg.Go(func() {
		for ctx.Err() == nil {
			if err := ix.Refresh(); err != nil {
				t.Error(err)
				return
			}
		}
	})
	queries := []sessionindex.Query{{}, {Sort: sessionindex.SortCost, Limit: 3}, {Sort: sessionindex.SortName, Asc: true, Offset: 1},
		{Text: "SESSION", Limit: 2}, {Status: sessionindex.StatusRunning}, {Tag: "shop"}}
	for _, q := range queries {
		wg.Go(func() {
			var last uint64
			for ctx.Err() == nil {
				v := ix.Version()
				if v < last {
					t.Errorf("version went back from %d to %d", last, v)
					return
				}
				last = v
				p := ix.Query(q)
				if p.Matched > p.Total || len(p.Rows) > p.Matched || (q.Limit > 0 && len(p.Rows) > q.Limit) ||
					(p.Complete && p.Pending != 0) {
					t.Errorf("query %+v: an inconsistent page: %d rows, matched %d, total %d, pending %d, complete %v",
						q, len(p.Rows), p.Matched, p.Total, p.Pending, p.Complete)
					return
				}
				if q.Sort == "" && !q.Asc {
					for i := 1; i < len(p.Rows); i++ {
						if p.Rows[i].Start.After(p.Rows[i-1].Start) {
							t.Errorf("not newest first at %d", i)
							return
						}
					}
				}
			}
		})
	}

	for i := range 60 {
		id := fmt.Sprintf("0195f3a2-7c1e-7d4b-9a3f-%012x", 0x100+i%7)
		path := filepath.Join(f.Dir, id+".json")
		doc := fmt.Sprintf(`{"session": {"session_id": %q, "init_timestamp": "2026-01-02T03:04:%02d.000000+00:00", "tags": ["t%d"]}, "name": "session %d", "partial": true, "events": []}`,
			id, i%60, i%3, i)
		switch i % 4 {
		case 0, 1: // a rewrite by rename
			tmp := filepath.Join(f.Dir, "."+id+".json.tmp-x")
			if err := os.WriteFile(tmp, []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		case 2: // a write in place, seen half done
			if err := os.WriteFile(path, []byte(doc[:len(doc)/2]), 0o600); err != nil {
				t.Fatal(err)
			}
		case 3:
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	wg.Wait()

	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	want, err := sessionindex.List(f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	got := ix.Query(sessionindex.Query{})
	if !got.Complete || len(got.Rows) != len(want) {
		t.Fatalf("after the changes: complete %v, %d rows, want the %d of List", got.Complete, len(got.Rows), len(want))
	}
	for i := range want {
		if got.Rows[i].ID != want[i].ID || got.Rows[i].Name != want[i].Name || got.Rows[i].Status != want[i].Status {
			t.Errorf("row %d: %s %q %s, List has %s %q %s", i, got.Rows[i].ID, got.Rows[i].Name, got.Rows[i].Status,
				want[i].ID, want[i].Name, want[i].Status)
		}
	}
}
