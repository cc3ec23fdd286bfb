package sessionindex

import (
	"slices"
	"sync"
)

// snapshot is the index as Query sees it: published whole (an atomic
// pointer swap), never changed afterwards, so a query needs no lock on
// the index and a refresh never waits for queries.
type snapshot struct {
	version uint64
	rows    []*indexedRow // in no order
	listed  bool          // the folder was listed at least once
	pending int           // files listed that have no row yet

	mu     sync.Mutex
	orders map[sortKey][]*indexedRow // rows sorted, made on first use
}

// complete reports whether every file of the folder's last listing has a
// row.
func (s *snapshot) complete() bool { return s.listed && s.pending == 0 }

// sorted returns the rows in the order of k: sorted once per snapshot and
// order (about 2 ms for 10,000 rows), then shared by every query.
func (s *snapshot) sorted(k sortKey) []*indexedRow {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.orders[k]; ok {
		return o
	}
	o := slices.Clone(s.rows)
	sortRows(o, k)
	if s.orders == nil {
		s.orders = make(map[sortKey][]*indexedRow)
	}
	s.orders[k] = o
	return o
}
