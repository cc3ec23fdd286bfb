package sessionindex

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Index is the session list of one folder for a long-running reader (the
// web viewer): Refresh brings it up to date with the folder, Query answers
// from memory. Its methods are safe for concurrent use.
//
// A Refresh is incremental: it lists the folder (one directory read and an
// lstat per file) and reads only the files that are new or changed since
// the last (see fileStamp for the rule), dropping the rows of files that
// are gone; when nothing changed, that listing is all it costs. The files
// to read are read newest modified first by a few goroutines, and the
// index is published as it fills (every publishEvery, and once the first
// firstPublishAt files are read): while the first Refresh of a large
// folder runs, Query already answers from the files read so far, with
// Page.Complete false and Page.Pending saying how many are left. The
// newest sessions come first, so the default first page (newest started)
// is right long before the index is complete.
type Index struct {
	dir  string
	snap atomic.Pointer[snapshot]

	refreshMu sync.Mutex            // one refresh at a time; guards what follows
	files     map[string]*fileEntry // the files of the last listing, by session ID
	version   uint64
	listing   uint64 // the number of the last listing
	// Test hooks: beforeRead runs between listing and reading, onRead
	// before each file is read (by the reading goroutines).
	beforeRead func()
	onRead     func(id string)
}

// fileEntry is one session file of the folder as the index knows it.
type fileEntry struct {
	row     *indexedRow // nil until the file is read
	stamp   fileStamp   // the stamp the row was read with
	racy    bool        // read again at the next refresh (see fileStamp)
	listing uint64      // the last listing that saw the file
}

// DefaultRefreshEvery is the interval of Run when it is given none.
const DefaultRefreshEvery = time.Second

// NewIndex returns an empty index of dir (Page.Complete false): call
// Refresh, or Run, to fill it. It reads nothing yet.
func NewIndex(dir string) *Index {
	ix := &Index{dir: dir, files: make(map[string]*fileEntry)}
	ix.snap.Store(&snapshot{})
	return ix
}

// Dir returns the folder the index reads.
func (ix *Index) Dir() string { return ix.dir }

// Refresh brings the index up to date with the folder; concurrent calls
// run one after the other (the first of a large folder takes seconds:
// a server calls Run once rather than Refresh per request, and Query
// answers meanwhile). Version increases when it saw a change. The
// error is only that of reading the folder: a file that cannot be read is
// a row with Status StatusUnreadable.
func (ix *Index) Refresh() error { return ix.refresh(context.Background()) }

// Run refreshes the index at once, then every interval (DefaultRefreshEvery
// when every is not positive), until ctx is done; a refresh in progress
// stops early then, its files not yet read left for the next. Errors of
// reading the folder are retried at the next tick.
func (ix *Index) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = DefaultRefreshEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		_ = ix.refresh(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Version is a number that increases whenever what Query answers changes
// (a row appears, changes or goes, more of the folder is indexed): a
// reader that remembers it can tell whether the list changed since. A
// Refresh that finds nothing new leaves it as it is.
func (ix *Index) Version() uint64 { return ix.snap.Load().version }

// publish makes the files' rows what Query answers, as a new version. The
// caller holds refreshMu.
func (ix *Index) publish() {
	s := &snapshot{rows: make([]*indexedRow, 0, len(ix.files)), listed: true}
	for _, e := range ix.files {
		if e.row == nil {
			s.pending++
			continue
		}
		s.rows = append(s.rows, e.row)
	}
	ix.version++
	s.version = ix.version
	ix.snap.Store(s)
}
