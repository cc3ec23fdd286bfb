package genkit_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain turns the session journal off and fails the run if a test
// leaves a goroutine behind.
func TestMain(m *testing.M) {
	_ = os.Setenv("AGENTOPS_JOURNAL_DIR", "off")
	goleak.VerifyTestMain(m)
}
