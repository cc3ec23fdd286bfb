package viewer_test

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// repoRoot is the repository's root, relative to this package.
const repoRoot = "../.."

// buildAgentops builds cmd/agentops into a temporary folder.
func buildAgentops(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "agentops")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/agentops")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building cmd/agentops: %v\n%s", err, out)
	}
	return bin
}

// servingLine is the line agentops view prints once it listens.
var servingLine = regexp.MustCompile(`^agentops: serving .* at (http://127\.0\.0\.1:\d+/)\s*$`)

// startView runs `agentops view -addr 127.0.0.1:0 dir` as a child process
// and returns the URL it prints (ending in /). Cleanup stops it and waits
// for it to exit.
func startView(t *testing.T, bin, dir string) string {
	t.Helper()
	cmd := exec.Command(bin, "view", "-addr", "127.0.0.1:0", dir)
	cmd.Env = cleanEnv()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting agentops view: %v", err)
	}
	done := make(chan error, 1)
	urls := make(chan string, 1)
	var out lockedBuffer
	go func() {
		// Read stdout to its end (the pipe closes when the process exits),
		// then reap the process.
		sc := bufio.NewScanner(stdout)
		found := false
		for sc.Scan() {
			line := sc.Text()
			_, _ = io.WriteString(&out, line+"\n")
			if m := servingLine.FindStringSubmatch(line); m != nil && !found {
				found = true
				urls <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
		if t.Failed() {
			t.Logf("agentops view stdout:\n%s\nstderr:\n%s", &out, &stderr)
		}
	})
	select {
	case u := <-urls:
		t.Logf("agentops view serves %s at %s", dir, u)
		return u
	case err := <-done:
		done <- err // for Cleanup
		t.Fatalf("agentops view exited (%v) before printing \"agentops: serving <dir> at <url>\"\nstdout:\n%s\nstderr:\n%s", err, &out, &stderr)
	case <-time.After(time.Minute):
		t.Fatalf("agentops view printed no \"agentops: serving <dir> at <url>\" line within a minute\nstdout:\n%s\nstderr:\n%s", &out, &stderr)
	}
	return ""
}

// cleanEnv is the test's environment without the variables that configure
// the SDK, OTel exporters or an inherited session, so that a program the
// test starts records only where the test says.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "AGENTOPS_") && name != "AGENTOPS_JOURNAL_DIR",
			strings.HasPrefix(name, "OTEL_"), strings.HasPrefix(name, "OPENAI_"),
			name == "TRACEPARENT", name == "TRACESTATE", name == "BAGGAGE":
			continue
		}
		env = append(env, kv)
	}
	return env
}
