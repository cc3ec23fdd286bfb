package sessionindex

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Tuning of a refresh, measured with BenchmarkIndex (bench_test.go).
const (
	// maxReaders is the most goroutines reading files at once: reading a
	// document costs a few system calls and the decoding of its JSON,
	// so a reader per core (at least 2, for the time spent waiting on the
	// disk) keeps the cores busy.
	maxReaders = 8
	// firstPublishAt is the number of files a refresh reads before it
	// publishes what it has (unless it is done first): the newest
	// sessions, enough for a first page.
	firstPublishAt = 64
	// publishEvery is how often a long refresh publishes what it read.
	publishEvery = 50 * time.Millisecond
)

// listedFile is a session file of a listing of the folder.
type listedFile struct {
	id    string
	stamp fileStamp
}

// listFolder lists the session files of dir (regular files named
// <uuid>.json; folders, symbolic links and other names are skipped) with
// their stamps, taken by a few goroutines (an lstat each). The error is
// that of reading dir.
func listFolder(dir string) ([]listedFile, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	entries, err := f.ReadDir(-1) // unsorted: the order does not matter here
	f.Close()
	if err != nil {
		return nil, err
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool {
		_, ok := idOfFile(e.Name())
		return !ok || !e.Type().IsRegular()
	})
	files := make([]listedFile, len(entries))
	keep := make([]bool, len(entries))
	parallel(len(entries), func(i int) {
		e := entries[i]
		id, _ := idOfFile(e.Name())
		info, err := e.Info()
		switch {
		case errors.Is(err, fs.ErrNotExist): // removed since ReadDir
		case err != nil:
			// Listed, but not stat-able: the read will say why.
			files[i], keep[i] = listedFile{id: id}, true
		case info.Mode().IsRegular():
			files[i], keep[i] = listedFile{id: id, stamp: stampOf(info)}, true
		}
	})
	n := 0
	for i := range files {
		if keep[i] {
			files[n] = files[i]
			n++
		}
	}
	return files[:n], nil
}

// parallel calls do(i) for i from 0 to n-1 on a few goroutines (the
// readers of a refresh), in chunks, and returns when all calls returned.
func parallel(n int, do func(i int)) {
	const chunk = 256
	var next atomic.Int64
	var wg sync.WaitGroup
	for range readers(n / chunk) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					do(i)
				}
			}
		})
	}
	wg.Wait()
}

// readers returns how many goroutines to run for jobs jobs: one per core,
// at least 2, at most maxReaders and jobs (but 1 for no jobs).
func readers(jobs int) int {
	return max(min(max(runtime.GOMAXPROCS(0), 2), maxReaders, jobs), 1)
}

// refresh brings the index up to date (see Index); it stops reading when
// ctx is done, leaving the files not read for the next refresh.
func (ix *Index) refresh(ctx context.Context) error {
	ix.refreshMu.Lock()
	defer ix.refreshMu.Unlock()
	listedAt := time.Now()
	listed, err := listFolder(ix.dir)
	if err != nil {
		return err
	}
	ix.listing++
	changed := !ix.snap.Load().listed
	var toRead []listedFile
	for _, f := range listed {
		e := ix.files[f.id]
		if e == nil {
			e = &fileEntry{}
			ix.files[f.id] = e
			changed = true
		}
		e.listing = ix.listing
		if e.row == nil || e.racy || e.stamp != f.stamp {
			toRead = append(toRead, f)
		}
	}
	for id, e := range ix.files {
		if e.listing != ix.listing {
			delete(ix.files, id)
			changed = true
		}
	}
	if ix.beforeRead != nil {
		ix.beforeRead()
	}
	// Newest modified first: the sessions a first page shows.
	slices.SortFunc(toRead, func(a, b listedFile) int { return cmp.Compare(b.stamp.modTime, a.stamp.modTime) })

	// The first publication waits for the newest firstPublishAt files in
	// full (not any firstPublishAt of them: a reader may still be on one
	// of the newest): where sessions start in the order their files were
	// last written, the first page it shows is the final one.
	published := false
	lastPublish := time.Now()
	done, newestDone := make([]bool, len(toRead)), 0
	for r := range ix.readFiles(ctx, toRead) {
		for done[r.i] = true; newestDone < len(done) && done[newestDone]; {
			newestDone++
		}
		e := ix.files[r.id]
		switch {
		case !r.ok: // removed since the listing
			delete(ix.files, r.id)
			changed = true
		case e.row == nil || !reflect.DeepEqual(e.row.Row, r.row):
			e.row = newIndexedRow(r.row)
			changed = true
		}
		if r.ok {
			e.stamp, e.racy = r.stamp, r.stamp.racy(listedAt)
		}
		if changed && ((!published && newestDone >= firstPublishAt) || (published && time.Since(lastPublish) >= publishEvery)) {
			ix.publish()
			changed, published, lastPublish = false, true, time.Now()
		}
	}
	if changed {
		ix.publish()
	}
	return ctx.Err()
}

// readResult is the Row of a file read, or ok false when it was gone.
type readResult struct {
	i     int // in the order of the files to read
	id    string
	stamp fileStamp
	row   Row
	ok    bool
}

// readFiles reads files, in their order, by a few goroutines, and sends
// their rows (in the order they are done); the channel is closed once
// every file is read, or ctx is done and the readers have stopped.
func (ix *Index) readFiles(ctx context.Context, files []listedFile) <-chan readResult {
	out := make(chan readResult, 64)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range readers(len(files)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				f := files[i]
				if ix.onRead != nil {
					ix.onRead(f.id)
				}
				row, ok := summarizeFile(ix.dir, f.id, f.stamp.modified())
				out <- readResult{i: i, id: f.id, stamp: f.stamp, row: row, ok: ok}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
