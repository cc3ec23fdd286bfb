package viewer_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind: chromedp's
// connection to the browser, the watchers of child processes. It turns the session journal off for the tests and the
// programs they start, as the other e2e tests do: sessions of one test
// must not be recovered by another's client.
func TestMain(m *testing.M) {
	_ = os.Setenv("AGENTOPS_JOURNAL_DIR", "off")
	goleak.VerifyTestMain(m)
}
