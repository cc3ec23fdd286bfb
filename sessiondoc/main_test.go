package sessiondoc

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/internal/recording"
	"github.com/agentops-go/sdk/internal/testlog"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// logBuffer and newLogger are the shared test logger (internal/testlog).
type logBuffer = testlog.Buffer

func newLogger() (*slog.Logger, *logBuffer) { return testlog.New() }

// newHTTPServer starts an httptest server with handler, closed at the end
// of the test, and returns its URL.
func newHTTPServer(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL
}

// The test session (internal/recording), under the names these tests use.
const testSessionID = recording.SessionID

var (
	testTrace = recording.TraceID
	t0        = recording.T0
	sc        = recording.SC
	recorded  = recording.Span
)
