package main

import (
	"context"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if the example leaves a goroutine behind (the
// stand-in server, the client's exporters).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRun runs the example against the stand-in server.
func TestRun(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("AGENTOPS_API_KEY", "")
	t.Setenv("AGENTOPS_SESSION_DIR", t.TempDir())
	var out strings.Builder
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"answer: The Louvre.", "streamed:The Musée d'Orsay.", "LLM calls: 2, tokens: 62 in / 18 out, cost: $0.000020"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
