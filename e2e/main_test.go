package e2e_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind, including the
// HTTP clients of exporters and backend queries.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
