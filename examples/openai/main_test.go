package main

import (
	"context"
	"strings"
	"testing"
)

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
