package otelgenkit_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// No journal from the test clients.
	_ = os.Setenv("AGENTOPS_JOURNAL_DIR", "off")
	goleak.VerifyTestMain(m)
}
