package sessionindex

import (
	"cmp"
	"slices"
	"strings"
)

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
	Sort   string // a Sort* column; "" (or an unknown column) is SortStart
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
	// Pending is the number of session files of the folder that have no
	// row yet (listed, not read yet): while the index is being built,
	// Total of Total+Pending are indexed. 0 when Complete.
	Pending int
}

// Query returns the rows that match q, in q's order (ties by start, newest
// first, then by ID). It answers from memory: the order of each column is
// sorted once per change of the index, a query filters it. The rows'
// slices (Tags, Models) are the caller's.
func (ix *Index) Query(q Query) Page {
	s := ix.snap.Load()
	text := strings.ToLower(q.Text)
	p := Page{Total: len(s.rows), Complete: s.complete(), Pending: s.pending}
	lo := max(q.Offset, 0)
	for _, r := range s.sorted(sortKey{column(q.Sort), q.Asc}) {
		if !r.matches(q, text) {
			continue
		}
		if p.Matched >= lo && (q.Limit <= 0 || len(p.Rows) < q.Limit) {
			row := r.Row
			row.Tags, row.Models = slices.Clone(row.Tags), slices.Clone(row.Models)
			p.Rows = append(p.Rows, row)
		}
		p.Matched++
	}
	return p
}

// indexedRow is a Row as the index keeps it: never changed once
// published, with its lowercased search text.
type indexedRow struct {
	Row
	text string // ID, name, tags and end state reason, lowercased, NUL-separated
}

func newIndexedRow(r Row) *indexedRow {
	return &indexedRow{Row: r, text: strings.ToLower(r.ID + "\x00" + r.Name + "\x00" + strings.Join(r.Tags, "\x00") + "\x00" + r.EndStateReason)}
}

func (r *indexedRow) matches(q Query, lowerText string) bool {
	if q.Tag != "" && !slices.Contains(r.Tags, q.Tag) {
		return false
	}
	if q.Status != "" && !strings.EqualFold(r.Status, q.Status) {
		return false
	}
	return lowerText == "" || strings.Contains(r.text, lowerText)
}

// sortKey is an order of the rows: a Sort* column, ascending or not.
type sortKey struct {
	column string
	asc    bool
}

// column returns the Sort* column name stands for: SortStart for "" and
// for a name that is none.
func column(name string) string {
	switch name {
	case SortName, SortStatus, SortDuration, SortCost, SortInput, SortOutput, SortLLM, SortTools, SortActions, SortErrors:
		return name
	}
	return SortStart
}

// sortRows sorts rows in the order of k, ties by start (newest first),
// then by ID.
func sortRows(rows []*indexedRow, k sortKey) {
	slices.SortFunc(rows, func(a, b *indexedRow) int {
		c := compareBy(k.column, &a.Row, &b.Row)
		if !k.asc {
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
}

func compareBy(col string, a, b *Row) int {
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
