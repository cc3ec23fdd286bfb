package sessiontest

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/otelagentops"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// A recording made with the context lands in the recorder, stamped as the
// session's, and counts in its stats.
func TestNewRecords(t *testing.T) {
	r := New(t)
	if err := r.Client.RecordTool(r.Ctx, otelagentops.Tool{Name: "search"}); err != nil {
		t.Fatal(err)
	}
	if got := r.Session.Stats().ToolCalls; got != 1 {
		t.Errorf("tool calls %d, want 1", got)
	}
	ended := r.Spans.Ended()
	if len(ended) != 1 || ended[0].Name() != "execute_tool search" || ended[0].SpanContext().TraceID() != r.Session.ID().TraceID() {
		t.Fatalf("ended spans %v, want the tool call in the session's trace", ended)
	}
}
