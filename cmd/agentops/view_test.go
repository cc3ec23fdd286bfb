package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

// startView runs "agentops view args..." in the background; it returns
// the URL the command printed, its stderr, and stop, which cancels the
// command's context and returns its exit code. done is closed when the
// command ends, by itself or by stop.
func startView(t *testing.T, ctx context.Context, args ...string) (url string, stderr *syncBuffer, stop func() int, done <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	out, w := io.Pipe()
	stderr = &syncBuffer{}
	exited := make(chan struct{})
	code := -1
	go func() {
		defer close(exited)
		code = run(ctx, append([]string{"view"}, args...), w, stderr)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	go io.Copy(io.Discard, out)
	if err != nil {
		cancel()
		<-exited
		t.Fatalf("no URL printed (%v); exit %d, stderr %q", err, code, stderr.String())
	}
	const prefix = "agentops: serving "
	i := strings.Index(line, " at http://")
	if !strings.HasPrefix(line, prefix) || i < 0 {
		cancel()
		<-exited
		t.Fatalf("printed %q", line)
	}
	stop = func() int {
		cancel()
		<-exited
		return code
	}
	t.Cleanup(func() { stop() })
	return strings.TrimSpace(line[i+len(" at "):]), stderr, stop, exited
}

func TestViewServesAndStops(t *testing.T) {
	f := sessionindextest.Write(t)
	url, stderr, stop, _ := startView(t, context.Background(), "-addr", "127.0.0.1:0", f.Dir)
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/") {
		t.Errorf("URL %q", url)
	}
	for _, path := range []string{"sessions/" + f.SuccessID, "api/sessions/" + f.SuccessID, "overview"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), f.SuccessID) && path != "overview" {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d after cancel, stderr %q", code, stderr.String())
	}
	if _, err := http.Get(url); err == nil {
		t.Error("still serving after stop")
	}
}

func TestViewStopsOnSIGTERM(t *testing.T) {
	f := sessionindextest.Write(t)
	_, stderr, stop, done := startView(t, context.Background(), "-addr", "127.0.0.1:0", f.Dir)
	// The command handles SIGTERM from before it prints its URL; it must
	// end by itself (its context is not cancelled before it does, lest the
	// signal come after it stopped handling it).
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-done
	if code := stop(); code != 0 {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestViewRefusesARemoteAddressUnlessAllowed(t *testing.T) {
	f := sessionindextest.Write(t)
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "[::]:0"} {
		code, out, errOut := runCLI("view", "-addr", addr, f.Dir)
		if code != 2 || out != "" || !strings.Contains(errOut, "not a loopback address") || !strings.Contains(errOut, "-allow-remote") {
			t.Errorf("-addr %s: exit %d, stdout %q, stderr %q", addr, code, out, errOut)
		}
	}
	url, stderr, stop, _ := startView(t, context.Background(), "-allow-remote", "-addr", "0.0.0.0:0", f.Dir)
	resp, err := http.Get(strings.Replace(url, "0.0.0.0", "127.0.0.1", 1) + "api/version")
	if err == nil {
		resp.Body.Close()
	}
	if code := stop(); code != 0 || err != nil || resp.StatusCode != 200 {
		t.Errorf("exit %d, err %v", code, err)
	}
	if !strings.Contains(stderr.String(), "warning") || !strings.Contains(stderr.String(), "not loopback") {
		t.Errorf("no warning: %q", stderr.String())
	}
}

func TestViewUsageErrors(t *testing.T) {
	f := sessionindextest.Write(t)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"view", "-addr", "nonsense", f.Dir}, 2, "-addr"},
		{[]string{"view", f.Dir + "/none"}, 1, "no such file"},
		{[]string{"view", f.Dir, "extra"}, 2, "wrong number of arguments"},
		{[]string{"view", "-port", "1", f.Dir}, 2, "flag provided but not defined"},
	} {
		code, _, errOut := runCLI(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
