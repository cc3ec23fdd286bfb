package langchaingo_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind, and keeps the
// clients the tests create from writing a crash journal.
func TestMain(m *testing.M) {
	_ = os.Setenv("AGENTOPS_JOURNAL_DIR", "off")
	goleak.VerifyTestMain(m)
}
