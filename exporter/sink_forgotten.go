package exporter

import "go.opentelemetry.io/otel/trace"

// maxForgotten bounds how many forgotten sessions a sink remembers: 16
// bytes each, so that a late child of any of the last few thousand
// sessions still joins its document.
const maxForgotten = 4096

// forgottenSessions remembers the sessions whose whole document (root
// included) this sink wrote and then dropped from memory to make room, so
// that a child arriving late is merged into <session-id>.json rather than
// a partial file. Only sessions this sink wrote are remembered: a
// <session-id>.json another process wrote in the same folder is never
// rewritten from here. The oldest are forgotten first. s.mu guards it.
type forgottenSessions struct {
	slot map[trace.TraceID]int // the ring slot that holds each remembered ID
	ring []trace.TraceID       // in insertion order, for eviction
	next int                   // the ring slot the next insertion replaces, once full
}

// add remembers t.
func (f *forgottenSessions) add(t trace.TraceID) {
	if f.slot == nil {
		f.slot = map[trace.TraceID]int{}
	}
	if _, ok := f.slot[t]; ok {
		return
	}
	i := len(f.ring)
	if i < maxForgotten {
		f.ring = append(f.ring, t)
	} else {
		i, f.next = f.next, (f.next+1)%maxForgotten
		// The slot's old ID is forgotten, unless it was taken and
		// remembered again since (then another slot holds it).
		if old := f.ring[i]; f.slot[old] == i {
			delete(f.slot, old)
		}
		f.ring[i] = t
	}
	f.slot[t] = i
}

// take reports whether t is remembered, and forgets it (its session is
// back in memory).
func (f *forgottenSessions) take(t trace.TraceID) bool {
	if _, ok := f.slot[t]; !ok {
		return false
	}
	delete(f.slot, t) // its ring slot stays until overwritten
	return true
}
