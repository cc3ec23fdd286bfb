package viewer

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/internal/envconfig"
)

func TestMain(m *testing.M) {
	// The tests' SDK clients write sessions to temporary folders; none
	// keeps a journal beside the user's.
	_ = os.Setenv(envconfig.EnvJournalDir, "off")
	goleak.VerifyTestMain(m)
}
