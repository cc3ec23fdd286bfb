package sessionindex

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// readCounter counts the files an index reads.
type readCounter struct {
	mu  sync.Mutex
	ids []string
}

func (c *readCounter) hook(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids = append(c.ids, id)
}

// take returns the IDs read since the last take, sorted.
func (c *readCounter) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := c.ids
	c.ids = nil
	slices.Sort(ids)
	return ids
}

// writeNamed writes a generated document of id named name, replacing any
// file of id at once (a rename, as a Sink does), modified at mtime.
func writeNamed(t *testing.T, dir, id, name string, mtime time.Time) {
	t.Helper()
	doc, _ := generateDocument(rand.New(rand.NewPCG(7, 7)), id, mtime.Add(-time.Hour).UTC().Truncate(time.Microsecond))
	doc.Name = name
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "."+id+".json.tmp-1")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, id+".json")); err != nil {
		t.Fatal(err)
	}
}

func testID(i int) string { return fmt.Sprintf("0195f3a2-7c1e-7d4b-9a3f-%012x", i) }

func TestRefreshReadsOnlyNewAndChangedFiles(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for i := range 20 {
		writeNamed(t, dir, testID(i), "name", old.Add(time.Duration(i)*time.Second))
	}
	ix := NewIndex(dir)
	var reads readCounter
	ix.onRead = reads.hook
	refresh := func(wantRead []string, wantChange bool, what string) {
		t.Helper()
		v := ix.Version()
		if err := ix.Refresh(); err != nil {
			t.Fatal(err)
		}
		if got := reads.take(); !slices.Equal(got, wantRead) {
			t.Errorf("%s: read %v, want %v", what, got, wantRead)
		}
		if changed := ix.Version() != v; changed != wantChange {
			t.Errorf("%s: version %d -> %d, want a change: %v", what, v, ix.Version(), wantChange)
		}
	}
	all := make([]string, 20)
	for i := range all {
		all[i] = testID(i)
	}
	refresh(all, true, "first refresh")
	refresh(nil, false, "nothing changed")

	// Same size, same modification time, other content: only the rename
	// (a new inode and ctime) tells.
	writeNamed(t, dir, testID(3), "NAME", old.Add(3*time.Second))
	refresh([]string{testID(3)}, true, "rewritten with the same size and mtime")
	if r := rowOf(t, ix, testID(3)); r.Name != "NAME" {
		t.Errorf("the rewritten row is named %q", r.Name)
	}

	writeNamed(t, dir, testID(20), "new", old)
	refresh([]string{testID(20)}, true, "a new file")
	if err := os.Remove(filepath.Join(dir, testID(5)+".json")); err != nil {
		t.Fatal(err)
	}
	refresh(nil, true, "a removed file")
	if p := ix.Query(Query{}); p.Total != 20 || !p.Complete {
		t.Errorf("after the removal: total %d complete %v, want 20 true", p.Total, p.Complete)
	}

	// Modified just now: racy, read again at every refresh, a change only
	// when its row changes.
	writeNamed(t, dir, testID(30), "fresh", time.Now())
	refresh([]string{testID(30)}, true, "a fresh file")
	refresh([]string{testID(30)}, false, "the fresh file, unchanged")
	writeNamed(t, dir, testID(30), "FRESH", time.Now())
	refresh([]string{testID(30)}, true, "the fresh file, rewritten")
}

func TestRefreshSkipsAFileRemovedAfterTheListing(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		writeNamed(t, dir, testID(i), "name", time.Now().Add(-time.Hour))
	}
	ix := NewIndex(dir)
	ix.beforeRead = func() {
		if err := os.Remove(filepath.Join(dir, testID(1)+".json")); err != nil {
			t.Error(err)
		}
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	p := ix.Query(Query{})
	if p.Total != 2 || p.Pending != 0 || !p.Complete {
		t.Fatalf("total %d pending %d complete %v, want 2 0 true", p.Total, p.Pending, p.Complete)
	}
	for _, r := range p.Rows {
		if r.ID == testID(1) {
			t.Errorf("a row for the removed file: %+v", r)
		}
	}
}

// rowOf returns the row of id in ix.
func rowOf(t *testing.T, ix *Index, id string) Row {
	t.Helper()
	for _, r := range ix.Query(Query{}).Rows {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no row %s", id)
	return Row{}
}
