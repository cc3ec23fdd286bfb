package sessionindex

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// Index is the session list of one folder for a long-running reader (the
// web viewer): Refresh brings it up to date with the folder, Query answers
// from memory. Its methods are safe for concurrent use.
//
// This first version re-reads the folder with List on every Refresh; the
// incremental one re-reads only files that changed.
type Index struct {
	dir string

	mu      sync.RWMutex
	rows    []Row
	version uint64
}

// NewIndex returns an empty index of dir; call Refresh to fill it.
func NewIndex(dir string) *Index { return &Index{dir: dir} }

// Dir returns the folder the index reads.
func (ix *Index) Dir() string { return ix.dir }

// Refresh brings the index up to date with the folder. Version increases
// when it saw a change. The error is only that of reading the folder.
func (ix *Index) Refresh() error {
	rows, err := List(ix.dir)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !slices.EqualFunc(rows, ix.rows, sameRow) {
		ix.rows = rows
		ix.version++
	}
	return nil
}

// sameRow reports whether a and b show the same figures.
func sameRow(a, b Row) bool {
	return a.ID == b.ID && a.Status == b.Status && a.End.Equal(b.End) && a.Duration == b.Duration &&
		a.LLMCalls == b.LLMCalls && a.ToolCalls == b.ToolCalls && a.Actions == b.Actions &&
		a.Errors == b.Errors && a.CostUSD == b.CostUSD && a.Unreadable == b.Unreadable &&
		a.InputTokens == b.InputTokens && a.OutputTokens == b.OutputTokens && a.Name == b.Name
}

// Run refreshes the index every interval until ctx is done. Errors of
// reading the folder are retried at the next tick.
func (ix *Index) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		_ = ix.Refresh()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Version is a number that increases whenever Refresh sees a change: a
// reader that remembers it can tell whether the list changed since.
func (ix *Index) Version() uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.version
}

// Sort columns of a Query.
const (
	SortStart    = "start" // the default
	SortName     = "name"
	SortStatus   = "status"
	SortDuration = "duration"
	SortCost     = "cost"
	SortInput    = "input_tokens"
	SortOutput   = "output_tokens"
	SortLLM      = "llm_calls"
	SortTools    = "tool_calls"
	SortActions  = "actions"
	SortErrors   = "errors"
)

// Query selects and orders rows of an Index.
type Query struct {
	Sort   string // a Sort* column; "" is SortStart
	Asc    bool   // ascending; the default is descending (newest, costliest first)
	Tag    string // only rows with this tag
	Status string // only rows with this Status (an end state, running, recovered, unreadable)
	Text   string // only rows whose ID, name, tags or end state reason contain it, ignoring case
	Offset int
	Limit  int // 0: all
}

// Page is the answer to a Query.
type Page struct {
	Rows     []Row
	Matched  int  // rows that match the query, before Offset and Limit
	Total    int  // rows in the index
	Complete bool // every file of the folder has been read
}

// Query returns the rows that match q, in q's order (ties by start, newest
// first, then by ID).
func (ix *Index) Query(q Query) Page {
	ix.mu.RLock()
	rows := ix.rows
	ix.mu.RUnlock()
	text := strings.ToLower(q.Text)
	var out []Row
	for _, r := range rows {
		if matches(r, q, text) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		c := compareBy(q.Sort, a, b)
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

func matches(r Row, q Query, lowerText string) bool {
	if q.Tag != "" && !slices.Contains(r.Tags, q.Tag) {
		return false
	}
	if q.Status != "" && !strings.EqualFold(r.Status, q.Status) {
		return false
	}
	if lowerText == "" {
		return true
	}
	hay := strings.ToLower(r.ID + "\x00" + r.Name + "\x00" + strings.Join(r.Tags, "\x00") + "\x00" + r.EndStateReason)
	return strings.Contains(hay, lowerText)
}

func compareBy(col string, a, b Row) int {
	switch col {
	case SortName:
		return strings.Compare(a.Name, b.Name)
	case SortStatus:
		return strings.Compare(a.Status, b.Status)
	case SortDuration:
		return cmp.Compare(a.Duration, b.Duration)
	case SortCost:
		return cmp.Compare(a.CostUSD, b.CostUSD)
	case SortInput:
		return cmp.Compare(a.InputTokens, b.InputTokens)
	case SortOutput:
		return cmp.Compare(a.OutputTokens, b.OutputTokens)
	case SortLLM:
		return cmp.Compare(a.LLMCalls, b.LLMCalls)
	case SortTools:
		return cmp.Compare(a.ToolCalls, b.ToolCalls)
	case SortActions:
		return cmp.Compare(a.Actions, b.Actions)
	case SortErrors:
		return cmp.Compare(a.Errors, b.Errors)
	default:
		return a.Start.Compare(b.Start)
	}
}
