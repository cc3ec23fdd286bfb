// Package bounded provides Map, a map that holds at most a fixed number of
// entries and evicts the least recently used one to make room. Used with
// struct{} values it is a bounded set that forgets its oldest keys first.
package bounded

import "iter"

// Map is a map holding at most a fixed number of entries (its capacity),
// ordered by use: Put and Get make an entry the most recently used; Peek,
// Delete and All leave the order alone.
//
// Put of a new key into a full Map first evicts one entry and returns it,
// so that the caller can act on it: the least recently used entry for which
// the evictFirst function given to New reports true or, if there is none
// (or no such function), the least recently used entry. Put of a key
// already held replaces its value, makes it the most recently used and
// evicts nothing. A key deleted and put again is the newest: nothing of its
// earlier place is left to evict it early.
//
// Get and Put take constant time; an eviction with evictFirst calls it on
// entries from the least recently used on, until it reports true.
//
// A Map is not safe for concurrent use: callers that share one hold their
// own lock around every call, evictFirst included (it runs inside Put and
// must not call the Map).
type Map[K comparable, V any] struct {
	capacity int
	first    func(V) bool
	index    map[K]*node[K, V]
	root     node[K, V] // sentinel: root.next is the least recently used, root.prev the most
}

// node is one entry, linked in order of use.
type node[K comparable, V any] struct {
	prev, next *node[K, V]
	key        K
	value      V
}

// New returns an empty Map holding at most capacity entries, which must be
// positive. evictFirst, if not nil, picks the entries Put evicts first (see
// Map).
func New[K comparable, V any](capacity int, evictFirst func(V) bool) *Map[K, V] {
	if capacity < 1 {
		panic("bounded: capacity must be positive")
	}
	m := &Map[K, V]{capacity: capacity, first: evictFirst, index: map[K]*node[K, V]{}}
	m.root.prev, m.root.next = &m.root, &m.root
	return m
}

// Len returns the number of entries.
func (m *Map[K, V]) Len() int { return len(m.index) }

// Get returns the value of k and whether k is held, making it the most
// recently used.
func (m *Map[K, V]) Get(k K) (V, bool) {
	n := m.index[k]
	if n == nil {
		var zero V
		return zero, false
	}
	m.unlink(n)
	m.pushBack(n)
	return n.value, true
}

// Peek returns the value of k and whether k is held, leaving the order
// alone.
func (m *Map[K, V]) Peek(k K) (V, bool) {
	if n := m.index[k]; n != nil {
		return n.value, true
	}
	var zero V
	return zero, false
}

// Put sets the value of k and makes it the most recently used. If k is new
// and the Map was full, it returns the entry evicted to make room and true.
func (m *Map[K, V]) Put(k K, v V) (evictedKey K, evictedValue V, evicted bool) {
	n := m.index[k]
	switch {
	case n != nil:
		m.unlink(n)
	case len(m.index) >= m.capacity:
		n = m.victim()
		m.unlink(n)
		delete(m.index, n.key)
		evictedKey, evictedValue, evicted = n.key, n.value, true
		n.key = k // the evicted entry's node is reused
	default:
		n = &node[K, V]{key: k}
	}
	n.value = v
	m.index[k] = n
	m.pushBack(n)
	return evictedKey, evictedValue, evicted
}

// Delete removes k, returning its value and whether it was held.
func (m *Map[K, V]) Delete(k K) (V, bool) {
	n := m.index[k]
	if n == nil {
		var zero V
		return zero, false
	}
	m.unlink(n)
	delete(m.index, k)
	return n.value, true
}

// All returns the entries from the least to the most recently used. The
// Map must not be changed during the iteration.
func (m *Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for n := m.root.next; n != &m.root; n = n.next {
			if !yield(n.key, n.value) {
				return
			}
		}
	}
}

// victim returns the entry Put evicts from a full Map.
func (m *Map[K, V]) victim() *node[K, V] {
	if m.first != nil {
		for n := m.root.next; n != &m.root; n = n.next {
			if m.first(n.value) {
				return n
			}
		}
	}
	return m.root.next
}

func (m *Map[K, V]) unlink(n *node[K, V]) {
	n.prev.next, n.next.prev = n.next, n.prev
	n.prev, n.next = nil, nil
}

func (m *Map[K, V]) pushBack(n *node[K, V]) {
	n.prev, n.next = m.root.prev, &m.root
	m.root.prev.next = n
	m.root.prev = n
}
