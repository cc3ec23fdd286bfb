package bounded

import (
	"fmt"
	"slices"
	"testing"
)

// op is one call in a table test: put, get, peek or del of key k.
type op struct {
	call string
	k    int
}

func keys[V any](m *Map[int, V]) []int {
	var ks []int
	for k := range m.All() {
		ks = append(ks, k)
	}
	return ks
}

// TestMapEvictionOrder runs sequences of calls on a Map of capacity 3 and
// checks the keys Put evicted and the order left, oldest first.
func TestMapEvictionOrder(t *testing.T) {
	tests := []struct {
		name    string
		ops     []op
		evicted []int
		order   []int
	}{
		{"under capacity", []op{{"put", 1}, {"put", 2}}, nil, []int{1, 2}},
		{"oldest first", []op{{"put", 1}, {"put", 2}, {"put", 3}, {"put", 4}, {"put", 5}}, []int{1, 2}, []int{3, 4, 5}},
		{"put again refreshes, evicts nothing", []op{{"put", 1}, {"put", 2}, {"put", 3}, {"put", 1}, {"put", 4}}, []int{2}, []int{3, 1, 4}},
		{"get refreshes", []op{{"put", 1}, {"put", 2}, {"put", 3}, {"get", 1}, {"put", 4}}, []int{2}, []int{3, 1, 4}},
		{"peek does not refresh", []op{{"put", 1}, {"put", 2}, {"put", 3}, {"peek", 1}, {"put", 4}}, []int{1}, []int{2, 3, 4}},
		{"delete frees a place", []op{{"put", 1}, {"put", 2}, {"put", 3}, {"del", 2}, {"put", 4}}, nil, []int{1, 3, 4}},
		{"deleted and put again is the newest", []op{{"put", 1}, {"put", 2}, {"del", 1}, {"put", 1}, {"put", 3}, {"put", 4}}, []int{2}, []int{1, 3, 4}},
		{"missing keys change nothing", []op{{"put", 1}, {"get", 9}, {"peek", 9}, {"del", 9}}, nil, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New[int, string](3, nil)
			var evicted []int
			for _, o := range tt.ops {
				switch o.call {
				case "put":
					if k, v, ok := m.Put(o.k, fmt.Sprint(o.k)); ok {
						if v != fmt.Sprint(k) {
							t.Errorf("Put evicted %d with value %q", k, v)
						}
						evicted = append(evicted, k)
					}
				case "get", "peek", "del":
					call := map[string]func(int) (string, bool){"get": m.Get, "peek": m.Peek, "del": m.Delete}[o.call]
					held := slices.Contains(keys(m), o.k)
					if v, ok := call(o.k); ok != held || ok && v != fmt.Sprint(o.k) {
						t.Errorf("%s(%d) = %q, %v", o.call, o.k, v, ok)
					}
				}
			}
			if !slices.Equal(evicted, tt.evicted) {
				t.Errorf("evicted %v, want %v", evicted, tt.evicted)
			}
			if got := keys(m); !slices.Equal(got, tt.order) || m.Len() != len(tt.order) {
				t.Errorf("order %v (Len %d), want %v", got, m.Len(), tt.order)
			}
		})
	}
}

// TestMapTakenAndRememberedAgainKeepsItsNewPlace is the case of the
// session sink's former ring of forgotten sessions: a key taken (deleted)
// and put again must not be evicted by its older place, and is evicted
// only once it is the oldest again.
func TestMapTakenAndRememberedAgainKeepsItsNewPlace(t *testing.T) {
	const n = 8
	m := New[int, struct{}](n, nil)
	again := 0
	m.Put(again, struct{}{})
	if _, ok := m.Delete(again); !ok {
		t.Fatal("a held key was not found")
	}
	m.Put(again, struct{}{})
	for i := 1; i <= n-1; i++ {
		if k, _, ok := m.Put(i, struct{}{}); ok {
			t.Fatalf("Put(%d) evicted %d below capacity", i, k)
		}
	}
	if _, ok := m.Peek(again); !ok {
		t.Fatal("a key put again was evicted by its older place")
	}
	if k, _, ok := m.Put(n, struct{}{}); !ok || k != again {
		t.Errorf("Put past capacity evicted %d, %v; want %d, true", k, ok, again)
	}
	if k, _, ok := m.Put(n+1, struct{}{}); !ok || k != 1 {
		t.Errorf("Put past capacity evicted %d, %v; want 1, true", k, ok)
	}
}

// TestMapEvictFirst: the least recently used entry evictFirst picks is
// evicted before older ones; without any, the least recently used is.
func TestMapEvictFirst(t *testing.T) {
	done := map[int]bool{}
	m := New[int, int](3, func(v int) bool { return done[v] })
	for i := 1; i <= 3; i++ {
		m.Put(i, i)
	}
	done[2], done[3] = true, true
	if k, _, _ := m.Put(4, 4); k != 2 {
		t.Errorf("evicted %d, want 2 (the oldest picked)", k)
	}
	m.Get(3) // 3 is now newer than 1 and 4, and still picked
	if k, _, _ := m.Put(5, 5); k != 3 {
		t.Errorf("evicted %d, want 3 (the only one picked)", k)
	}
	if k, _, _ := m.Put(6, 6); k != 1 {
		t.Errorf("evicted %d, want 1 (none picked: the oldest)", k)
	}
	if got := keys(m); !slices.Equal(got, []int{4, 5, 6}) {
		t.Errorf("order %v, want [4 5 6]", got)
	}
}

func TestNewPanicsWithoutCapacity(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New(0) did not panic")
		}
	}()
	New[int, int](0, nil)
}

// TestMapPutAllocs pins the steady state: a Put into a full Map reuses
// the evicted entry.
func TestMapPutAllocs(t *testing.T) {
	m := New[int, int](64, nil)
	i := 0
	for ; i < 1024; i++ {
		m.Put(i, i)
	}
	if allocs := testing.AllocsPerRun(1000, func() { m.Put(i, i); i++ }); allocs != 0 {
		t.Errorf("Put into a full Map: %v allocations, want 0", allocs)
	}
}

// BenchmarkMap measures the sink's per-span use: a hit on a held session,
// and a new session evicting the oldest.
func BenchmarkMap(b *testing.B) {
	b.Run("GetHit", func(b *testing.B) {
		b.ReportAllocs()
		m := New[[16]byte, *int](1024, nil)
		k := [16]byte{1}
		m.Put(k, new(int))
		for b.Loop() {
			m.Get(k)
		}
	})
	b.Run("PutEvict", func(b *testing.B) {
		b.ReportAllocs()
		m := New[[16]byte, *int](1024, nil)
		var k [16]byte
		for i := range 1024 {
			k[0], k[1] = byte(i), byte(i>>8)
			m.Put(k, nil)
		}
		i := 0
		for b.Loop() {
			k[2], k[3], k[4] = byte(i), byte(i>>8), byte(i>>16)
			m.Put(k, nil)
			i++
		}
	})
}
