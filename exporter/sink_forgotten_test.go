package exporter

import (
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/bounded"
)

func forgottenID(i int) trace.TraceID { return trace.TraceID{byte(i >> 8), byte(i), 1} }

// TestForgottenSessionsKeepTheNewest fills the sink's set of forgotten
// sessions and goes past its size: each insertion past it forgets the
// oldest ID, and an ID taken and remembered again since is the newest (its
// earlier place forgets nothing).
func TestForgottenSessionsKeepTheNewest(t *testing.T) {
	f := bounded.New[trace.TraceID, struct{}](maxForgotten, nil)
	add := func(id trace.TraceID) { f.Put(id, struct{}{}) }
	take := func(id trace.TraceID) bool { _, ok := f.Delete(id); return ok }
	again := forgottenID(0)
	add(again)
	if !take(again) {
		t.Fatal("a remembered ID was not found")
	}
	add(again) // remembered again: the newest
	for i := 1; i <= maxForgotten-2; i++ {
		add(forgottenID(i))
	}
	add(forgottenID(maxForgotten - 1)) // the set is full
	if _, ok := f.Peek(again); !ok {
		t.Fatal("the earlier place of an ID forgot it, though it was remembered since")
	}
	add(forgottenID(maxForgotten))     // forgets again: the oldest
	add(forgottenID(maxForgotten + 1)) // forgets ID 1
	if take(again) || take(forgottenID(1)) {
		t.Error("the oldest IDs survived past the set's size")
	}
	for _, i := range []int{2, maxForgotten - 1, maxForgotten, maxForgotten + 1} {
		if !take(forgottenID(i)) {
			t.Errorf("ID %d was forgotten, want it kept", i)
		}
	}
	if take(forgottenID(2)) {
		t.Error("an ID was found again after take")
	}
}
