package sessionindex

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// TestIndexAnswersWhileItReads holds the readers of a first refresh after
// some files and checks that the index already answers: not complete,
// with the newest modified files read first, and the first page already
// the final one.
func TestIndexAnswersWhileItReads(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	old := time.Now().Add(-time.Hour)
	for i := range n {
		writeNamed(t, dir, testID(i), "name", old.Add(time.Duration(i)*time.Second)) // testID(n-1) is the newest
	}
	ix := NewIndex(dir)
	if p := ix.Query(Query{}); p.Complete || p.Total != 0 {
		t.Fatalf("before any refresh: complete %v, total %d", p.Complete, p.Total)
	}
	const let = firstPublishAt + 10 // files read before the readers wait
	release := make(chan struct{})
	var mu sync.Mutex
	started := 0
	ix.onRead = func(string) {
		mu.Lock()
		started++
		wait := started > let
		mu.Unlock()
		if wait {
			<-release
		}
	}
	done := make(chan error)
	go func() { done <- ix.Refresh() }()

	deadline := time.Now().Add(time.Minute)
	for ix.Version() == 0 {
		if time.Now().After(deadline) {
			close(release)
			t.Fatal("nothing published while reading")
		}
		time.Sleep(time.Millisecond)
	}
	p := ix.Query(Query{Limit: 50})
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if p.Complete || p.Total < firstPublishAt || p.Total > let || p.Total+p.Pending != n {
		t.Errorf("while reading: complete %v, total %d, pending %d; want incomplete, %d to %d rows, %d in all",
			p.Complete, p.Total, p.Pending, firstPublishAt, let, n)
	}
	final := ix.Query(Query{Limit: 50})
	if !final.Complete || final.Total != n {
		t.Fatalf("after the refresh: complete %v, total %d", final.Complete, final.Total)
	}
	ids := func(rows []Row) []string {
		var s []string
		for _, r := range rows {
			s = append(s, r.ID)
		}
		return s
	}
	if !slices.Equal(ids(p.Rows), ids(final.Rows)) {
		t.Errorf("the first page while reading was not the final one:\n%v\n%v", ids(p.Rows), ids(final.Rows))
	}
}
