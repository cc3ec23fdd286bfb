package otellangchaingo

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks for leaked goroutines, and keeps the clients the tests
// create from writing a crash journal.
func TestMain(m *testing.M) {
	_ = os.Setenv("AGENTOPS_JOURNAL_DIR", "off")
	goleak.VerifyTestMain(m)
}
