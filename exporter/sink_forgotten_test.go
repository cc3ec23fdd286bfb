package exporter

import (
	"testing"

	"go.opentelemetry.io/otel/trace"
)

func forgottenID(i int) trace.TraceID { return trace.TraceID{byte(i >> 8), byte(i), 1} }

// TestForgottenSessionsKeepTheNewest fills the ring and wraps it: each
// insertion past its size forgets the oldest ID, except that a slot whose
// ID was taken and remembered again since (in a newer slot) forgets
// nothing.
func TestForgottenSessionsKeepTheNewest(t *testing.T) {
	var f forgottenSessions
	again := forgottenID(0)
	f.add(again) // slot 0
	if !f.take(again) {
		t.Fatal("a remembered ID was not found")
	}
	f.add(again) // slot 1; slot 0 still names it
	for i := 1; i <= maxForgotten-2; i++ {
		f.add(forgottenID(i)) // slots 2 .. max-1: the ring is full
	}
	f.add(forgottenID(maxForgotten - 1)) // overwrites the stale slot 0
	if _, ok := f.slot[again]; !ok {
		t.Fatal("overwriting a stale slot forgot an ID remembered since")
	}
	f.add(forgottenID(maxForgotten))     // overwrites slot 1: again is the oldest
	f.add(forgottenID(maxForgotten + 1)) // overwrites slot 2: ID 1
	if f.take(again) || f.take(forgottenID(1)) {
		t.Error("the oldest IDs survived the ring's wrap")
	}
	for _, i := range []int{2, maxForgotten - 1, maxForgotten, maxForgotten + 1} {
		if !f.take(forgottenID(i)) {
			t.Errorf("ID %d was forgotten, want it kept", i)
		}
	}
	if f.take(forgottenID(2)) {
		t.Error("an ID was found again after take")
	}
}
