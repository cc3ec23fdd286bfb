package eino_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind (the
// handler's stream readers, HTTP clients), and turns the session journal
// off: tests of several modules run side by side.
func TestMain(m *testing.M) {
	_ = os.Setenv("AGENTOPS_JOURNAL_DIR", "off")
	goleak.VerifyTestMain(m)
}
