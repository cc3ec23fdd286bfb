package viewer_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium with one tab, shared by the subtests of
// a test. Its methods fail the test that calls them.
type browser struct {
	tab       context.Context // the tab's chromedp context
	artifacts string          // where screenshots go
	output    *lockedBuffer   // what Chromium wrote to stdout and stderr
}

// pageTimeout bounds one step in the browser (a navigation, a wait for a
// selector): generous, for a loaded 2-core machine.
const pageTimeout = 30 * time.Second

// chromiumPath returns the Chromium to run: AGENTOPS_E2E_CHROMIUM, else
// chromium on the PATH (Debian's /usr/bin/chromium). Without one the test
// skips, or fails under AGENTOPS_E2E_REQUIRED=1.
func chromiumPath(t *testing.T) string {
	t.Helper()
	name := os.Getenv("AGENTOPS_E2E_CHROMIUM")
	if name == "" {
		name = "chromium"
	}
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := "no Chromium for the browser tests (" + err.Error() + "): install Debian's chromium package " +
		"(apt-get install chromium; .ci/test does it) or set AGENTOPS_E2E_CHROMIUM to a Chromium binary"
	if os.Getenv("AGENTOPS_E2E_REQUIRED") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startBrowser starts a headless Chromium with a fresh profile and opens
// one tab. Cleanup closes the browser and waits for its process to exit.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	output := &lockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // root in a container has no user namespace for the sandbox
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Without these Chromium reaches out at start (component updates,
		// QUIC probes) and stalls on a closed network.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(output),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, tabCancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() {
		// Close the browser gracefully, bounded; then cancel the allocator,
		// which kills what is left and waits for the process and its
		// goroutines.
		ctx, cancel := context.WithTimeout(tab, pageTimeout)
		if err := chromedp.Cancel(ctx); err != nil {
			t.Logf("closing Chromium: %v", err)
		}
		cancel()
		tabCancel()
		allocCancel()
		if t.Failed() {
			t.Logf("Chromium's output:\n%s", output)
		}
	})
	// The first action starts the browser. It runs on the tab's own
	// context (the browser lives as long as the context of its first
	// action), bounded by a timer that cancels the tab.
	stop := time.AfterFunc(2*time.Minute, tabCancel)
	err := chromedp.Do(tab, chromedp.Navigate("about:blank"))
	stop.Stop()
	if err != nil {
		t.Fatalf("starting Chromium (%s): %v\n%s", path, err, output)
	}
	return &browser{tab: tab, artifacts: artifactDir(t), output: output}
}

// run runs actions in the tab, each bounded by pageTimeout, failing t on
// the first error.
func (b *browser) run(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, pageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value
// into T, failing t on an error.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, pageTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor polls the JavaScript expression in the tab until it is true,
// for at most pageTimeout, and reports whether it became true. Errors of
// single evaluations are retried: a navigation in progress destroys the
// page's context under them.
func (b *browser) waitFor(t *testing.T, expr string) bool {
	t.Helper()
	deadline := time.Now().Add(pageTimeout)
	for {
		ctx, cancel := context.WithTimeout(b.tab, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+expr+")"))
		cancel()
		if err == nil && ok {
			return true
		}
		if time.Now().After(deadline) || b.tab.Err() != nil {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// open navigates to url and waits for sel to be in the page.
func (b *browser) open(t *testing.T, url, sel string) {
	t.Helper()
	b.run(t, "opening "+url, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(sel)))
}

// screenshot saves a full-page PNG of the tab as the artifact name.png and
// returns its path.
func (b *browser) screenshot(t *testing.T, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, pageTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.artifacts, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// artifactDir returns the folder of the test's artifacts:
// AGENTOPS_E2E_ARTIFACTS when set; t.ArtifactDir() under go test -artifacts;
// else a new folder under the system's temporary folder, kept and logged.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("AGENTOPS_E2E_ARTIFACTS")
	switch {
	case dir != "":
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	case artifactsFlag():
		dir = t.ArtifactDir()
	default:
		var err error
		if dir, err = os.MkdirTemp("", "agentops-viewer-e2e-"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("artifacts (screenshots): %s", dir)
	return dir
}

// artifactsFlag reports whether go test ran with -artifacts.
func artifactsFlag() bool {
	f := flag.Lookup("test.artifacts")
	return f != nil && strings.EqualFold(f.Value.String(), "true")
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes (Chromium's
// output is copied by chromedp's goroutines).
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
