package e2e_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind, including the
// HTTP clients of exporters and backend queries.
// TestMain turns the session journal off for the tests and the programs
// they start, but those that ask for one: tests run side by side in one
// folder, and one client's recovery must not finish another test's
// sessions.
func TestMain(m *testing.M) {
	_ = os.Setenv("AGENTOPS_JOURNAL_DIR", "off")
	goleak.VerifyTestMain(m)
}
