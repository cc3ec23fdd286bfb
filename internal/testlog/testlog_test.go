package testlog

import (
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestLoggerConcurrentSafe logs from several goroutines and reads every
// line back, debug level included.
func TestLoggerConcurrentSafe(t *testing.T) {
	logger, buf := New()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() { logger.Debug("line", "n", i) })
	}
	wg.Wait()
	if n := strings.Count(buf.String(), "level=DEBUG msg=line"); n != 8 {
		t.Errorf("%d lines read back, want 8:\n%s", n, buf)
	}
}
