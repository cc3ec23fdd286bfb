package sessionindex

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkIndex measures the index over a folder of 10,000 generated
// session documents (writeSessions: about 180 MB, some running, recovered
// and malformed), written once for all its sub-benchmarks, beside the
// approach it replaces (OldList, OldQuery: every file read and decoded in
// full, one after the other, per refresh; every query filtering and
// sorting all rows). Run it with
//
//	go test -run '^$' -bench BenchmarkIndex -benchtime 5x ./internal/sessionindex
//
// The files are in the page cache (just written), as for a viewer started
// on a folder in use. On the 2 shared cores of the project's machine (load
// about 12), one run: FirstPage 57 ms (94 ms of CPU; the page the final
// one 5 of 5 times), Complete 1.4 s against OldList 3.5 s, RefreshUnchanged
// 63 ms, Refresh10Changed 59 ms, QueryCostText 1.0 ms (2.6 ms after a
// change) against OldQueryCostText 21 ms.
func BenchmarkIndex(b *testing.B) {
	dir := b.TempDir()
	g := writeSessions(b, dir, 10_000, 1)
	b.Logf("%d files, %.0f MB (%d running, %d recovered, %d malformed)", g.Files, float64(g.Bytes)/1e6, g.Running, g.Recovered, g.Malformed)
	final := NewIndex(dir)
	if err := final.Refresh(); err != nil {
		b.Fatal(err)
	}
	firstPage := final.Query(Query{Limit: 50}).Rows

	// The time from NewIndex (and Run) to the first page of the default
	// order, with how often that page was already the final one.
	b.Run("FirstPage", func(b *testing.B) {
		b.ReportAllocs()
		exact := 0
		var cpu time.Duration
		for b.Loop() {
			cpu0 := cpuTime()
			ix := NewIndex(dir)
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			wg.Go(func() { ix.Run(ctx, time.Hour) })
			var p Page
			for p = ix.Query(Query{Limit: 50}); len(p.Rows) < 50; p = ix.Query(Query{Limit: 50}) {
				time.Sleep(100 * time.Microsecond)
			}
			b.StopTimer()
			cpu += cpuTime() - cpu0
			if sameIDs(p.Rows, firstPage) {
				exact++
			}
			cancel()
			wg.Wait()
			b.StartTimer()
		}
		b.ReportMetric(float64(exact)/float64(b.N), "exact-pages/op")
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	// The time to read the whole folder: a first Refresh, List (which is
	// one), and the old List.
	b.Run("Complete", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if err := NewIndex(dir).Refresh(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("OldList", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := oldList(dir); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("RefreshUnchanged", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		v := final.Version()
		for b.Loop() {
			if err := final.Refresh(); err != nil {
				b.Fatal(err)
			}
		}
		if final.Version() != v {
			b.Fatal("a refresh of an unchanged folder changed the index")
		}
	})
	b.Run("Refresh10Changed", func(b *testing.B) {
		b.ReportAllocs()
		ids := make([]string, 0, len(firstPage))
		for _, r := range final.Query(Query{Status: "Success", Limit: 100}).Rows {
			ids = append(ids, r.ID)
		}
		rng := rand.New(rand.NewPCG(9, 9))
		i := 0
		for b.Loop() {
			b.StopTimer()
			for range 10 {
				rewrite(b, dir, ids[i%len(ids)], rng)
				i++
			}
			v := final.Version()
			b.StartTimer()
			if err := final.Refresh(); err != nil {
				b.Fatal(err)
			}
			if final.Version() == v {
				b.Fatal("a refresh after 10 changes changed nothing")
			}
		}
	})

	q := Query{Sort: SortCost, Text: "eval", Limit: 50}
	b.Run("QueryCostText", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(final.Query(q).Rows) != 50 {
				b.Fatal("not a full page")
			}
		}
	})
	b.Run("QueryCostTextAfterAChange", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			final.refreshMu.Lock()
			final.publish() // a new version: its orders not sorted yet
			final.refreshMu.Unlock()
			b.StartTimer()
			if len(final.Query(q).Rows) != 50 {
				b.Fatal("not a full page")
			}
		}
	})
	rows := final.Query(Query{}).Rows
	b.Run("OldQueryCostText", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(oldQuery(rows, q).Rows) != 50 {
				b.Fatal("not a full page")
			}
		}
	})
}

// reportCPU starts counting the CPU time of b; the function it returns
// reports it per operation (cpu-ms/op).
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

// rewrite replaces the document of id by another one (a rename, as a Sink
// does), keeping its modification time.
func rewrite(tb testing.TB, dir, id string, rng *rand.Rand) {
	path := filepath.Join(dir, id+".json")
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	doc, _ := generateDocument(rng, id, info.ModTime().Add(-time.Minute).UTC().Truncate(time.Microsecond))
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	tmp := path + ".tmp"
	err = errors.Join(os.WriteFile(tmp, data, 0o600), os.Chtimes(tmp, info.ModTime(), info.ModTime()), os.Rename(tmp, path))
	if err != nil {
		tb.Fatal(err)
	}
}

func sameIDs(a, b []Row) bool {
	return slices.EqualFunc(a, b, func(x, y Row) bool { return x.ID == y.ID })
}

// oldList is List as it was before the index: every file read and decoded
// in full, one after the other.
func oldList(dir string) ([]Row, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(entries))
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		id, ok := idOfFile(e.Name())
		if !ok {
			continue
		}
		doc, _, err := Read(dir, id)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			r := Row{ID: id, Tags: []string{}, Status: StatusUnreadable, Unreadable: err.Error()}
			if info, ierr := e.Info(); ierr == nil {
				r.Start = info.ModTime().UTC()
			}
			rows = append(rows, r)
			continue
		}
		rows = append(rows, Summarize(doc))
	}
	slices.SortFunc(rows, func(a, b Row) int {
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return rows, nil
}

// oldQuery is Index.Query as it was before: the rows filtered and sorted
// at every query.
func oldQuery(rows []Row, q Query) Page {
	text := strings.ToLower(q.Text)
	var out []Row
	for _, r := range rows {
		ir := indexedRow{Row: r, text: strings.ToLower(r.ID + "\x00" + r.Name + "\x00" + strings.Join(r.Tags, "\x00") + "\x00" + r.EndStateReason)}
		if ir.matches(q, text) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		c := compareBy(q.Sort, &a, &b)
		if !q.Asc {
			c = -c
		}
		if c != 0 {
			return c
		}
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	p := Page{Matched: len(out), Total: len(rows), Complete: true}
	lo := min(max(q.Offset, 0), len(out))
	hi := len(out)
	if q.Limit > 0 {
		hi = min(lo+q.Limit, hi)
	}
	p.Rows = out[lo:hi]
	return p
}

// BenchmarkDecodeRow measures the Row of one document (of 100 generated
// ones, in turn) by the lean decode beside the full decode and Summarize.
func BenchmarkDecodeRow(b *testing.B) {
	dir := b.TempDir()
	writeSessions(b, dir, 100, 5)
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	var data [][]byte
	for _, e := range entries {
		d, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		id, _ := idOfFile(e.Name())
		ids, data = append(ids, id), append(data, d)
	}
	b.Run("Lean", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			_, _ = summarizeData(ids[i%len(ids)], data[i%len(ids)])
			i++
		}
	})
	b.Run("Full", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if doc, err := decode(ids[i%len(ids)], data[i%len(ids)]); err == nil {
				_ = Summarize(doc)
			}
			i++
		}
	})
}
