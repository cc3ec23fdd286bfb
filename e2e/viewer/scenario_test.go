package viewer_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// The strings of the hostile session: each would run script if a page
// wrote it as HTML.
const (
	xssScript = `<script>window.__xss=1</script>`
	xssImg    = `<img src=x onerror="window.__xss=1">`
)

// The quickstart's first LLM call (examples/quickstart: askLLM's system
// message and the question).
var quickstartPrompt = []sessiondoc.Message{
	{Role: "system", Content: "You plan research."},
	{Role: "user", Content: "Which Go SDK records AI agents as OpenTelemetry traces?"},
}

// scenario is a session folder filled by real programs.
type scenario struct {
	dir        string
	quickstart string // session IDs
	joined     string
	childPID   int // the process that joined the joined session
	hostile    string
	recovered  string // a session whose process was killed, ended by the next start
	live       *liveSession
}

// newScenario records, into a new folder: the quickstart (go run, a child
// process); a session the test process starts and a child process joins;
// a session whose name, a tag, a prompt and a tool output are HTML; a
// session whose process was killed, recovered by the next client; and a
// session left running, to which the live test adds calls.
func newScenario(t *testing.T) *scenario {
	t.Helper()
	sc := &scenario{dir: t.TempDir()}
	sc.quickstart = runQuickstart(t, sc.dir)
	sc.joined, sc.childPID = recordJoined(t, sc.dir)
	sc.hostile = recordHostile(t, sc.dir)
	sc.recovered = recordKilled(t, sc.dir)
	sc.live = startLive(t, sc.dir)
	return sc
}

var sessionLine = regexp.MustCompile(`(?m)^session ([0-9a-f-]{36})$`)

// runQuickstart runs go run ./examples/quickstart with its sessions in dir
// and returns the session ID it prints.
func runQuickstart(t *testing.T, dir string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", "./examples/quickstart")
	cmd.Dir = repoRoot
	cmd.Env = append(cleanEnv(), "AGENTOPS_SESSION_DIR="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run ./examples/quickstart: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	m := sessionLine.FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("the quickstart printed no session line:\n%s", &stdout)
	}
	return m[1]
}

// recordJoined starts a session in this process, writing to dir, and has
// a child process (e2e/internal/childproc -sink join) join it by
// environment and record an LLM call and a tool call into its own session
// files in dir, as any joined process does. It returns the session ID and
// the child's PID.
func recordJoined(t *testing.T, dir string) (string, int) {
	t.Helper()
	child := buildChild(t)
	parent := newClient(t, otelagentops.WithSessionDir(dir))
	ctx, s, err := parent.StartSession(t.Context(), otelagentops.WithSessionName("orchestrator"), otelagentops.WithTags("joined"))
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.RecordTool(ctx, otelagentops.Tool{Name: "dispatch", Input: "1 worker", Output: "started"}); err != nil {
		t.Fatal(err)
	}
	// A priced call of the parent's own, so that the session's cost
	// differs from the others'.
	if err := parent.RecordLLM(ctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o"},
		otelagentops.LLMResponse{Model: "gpt-4o", Usage: otelagentops.Usage{InputTokens: 1000, OutputTokens: 100}}, nil); err != nil {
		t.Fatal(err)
	}

	cctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, child, "-sink", "join")
	cmd.Env = append(append(cleanEnv(), "AGENTOPS_SESSION_DIR="+dir), s.Environ()...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("childproc join: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	if m := sessionLine.FindStringSubmatch(stdout.String()); m == nil || m[1] != s.ID().String() {
		t.Fatalf("the child joined %q, want session %s", stdout.String(), s.ID())
	}

	if err := s.End(ctx, semconv.EndStateSuccess, otelagentops.WithReason("the worker answered")); err != nil {
		t.Fatal(err)
	}
	if err := parent.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	return s.ID().String(), cmd.Process.Pid
}

// recordKilled runs a child process (childproc -sink crash) that starts a
// session, records and flushes it, and is killed with SIGKILL; a client
// started next in the same folder, with the session journal, ends it
// Indeterminate (recovered). It returns the session ID.
func recordKilled(t *testing.T, dir string) string {
	t.Helper()
	child := buildChild(t)
	journal := filepath.Join(dir, "journal")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, child, "-sink", "crash")
	cmd.Env = append(cleanEnv(), "AGENTOPS_SESSION_DIR="+dir, "AGENTOPS_JOURNAL_DIR="+journal)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var id string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := sessionLine.FindStringSubmatch(sc.Text()); m != nil {
			id = m[1]
		}
		if sc.Text() == "ready" {
			break
		}
	}
	_ = cmd.Process.Kill()
	_, _ = io.Copy(io.Discard, stdout)
	_ = cmd.Wait()
	if id == "" {
		t.Fatalf("childproc crash printed no session before it was killed\nstderr:\n%s", &stderr)
	}
	c := newClient(t, otelagentops.WithSessionDir(dir), otelagentops.WithJournalDir(journal)) // recovers at New
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	return id
}

// buildChild builds e2e/internal/childproc into a temporary folder.
func buildChild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "childproc")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "./internal/childproc")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the child program: %v\n%s", err, out)
	}
	return bin
}

// recordHostile records a session whose name, a tag, an LLM prompt and
// completion, and a tool's input and output hold HTML that would run
// script, with content capture on. Its cost (a priced model, many tokens)
// is the highest of the scenario.
func recordHostile(t *testing.T, dir string) string {
	t.Helper()
	c := newClient(t, otelagentops.WithSessionDir(dir), otelagentops.WithContentCapture(true))
	ctx, s, err := c.StartSession(t.Context(), otelagentops.WithSessionName("hostile "+xssScript),
		otelagentops.WithTags("hostile", xssImg))
	if err != nil {
		t.Fatal(err)
	}
	_, call, err := c.StartLLM(ctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o",
		Messages: []otelagentops.Message{{Role: "user", Content: "summarise " + xssScript + " and " + xssImg}}})
	if err != nil {
		t.Fatal(err)
	}
	call.End(otelagentops.LLMResponse{Model: "gpt-4o", FinishReasons: []string{"stop"},
		Messages: []otelagentops.Message{{Role: "assistant", Content: "it says " + xssImg, FinishReason: "stop"}},
		Usage:    otelagentops.Usage{InputTokens: 40000, OutputTokens: 8000}}, nil)
	if err := c.RecordTool(ctx, otelagentops.Tool{Name: "fetch_page", Input: xssImg, Output: xssScript + xssImg}); err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, semconv.EndStateFail, otelagentops.WithReason("refused "+xssScript)); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	return s.ID().String()
}

// liveSession is a session left running in this process: its document is
// written at each flush, without an end.
type liveSession struct {
	client  *otelagentops.Client
	ctx     context.Context
	session *otelagentops.Session
	calls   int
}

// startLive starts a session writing to dir and records one LLM call into
// it, flushed: the folder has its running document. Cleanup ends it.
func startLive(t *testing.T, dir string) *liveSession {
	t.Helper()
	c := newClient(t, otelagentops.WithSessionDir(dir))
	ctx, s, err := c.StartSession(context.Background(), otelagentops.WithSessionName("live"), otelagentops.WithTags("running"))
	if err != nil {
		t.Fatal(err)
	}
	l := &liveSession{client: c, ctx: ctx, session: s}
	l.recordLLM(t)
	return l
}

// recordLLM records one more LLM call in the live session and flushes it to
// its document.
func (l *liveSession) recordLLM(t *testing.T) {
	t.Helper()
	l.calls++
	err := l.client.RecordLLM(l.ctx,
		otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini",
			Messages: []otelagentops.Message{{Role: "user", Content: "step " + strconv.Itoa(l.calls)}}},
		otelagentops.LLMResponse{Model: "gpt-4o-mini", Usage: otelagentops.Usage{InputTokens: 300, OutputTokens: 20}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := l.client.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}
}

// newClient returns a client with opts, a short flush interval and a
// silent logger; Cleanup shuts it down.
func newClient(t *testing.T, opts ...otelagentops.Option) *otelagentops.Client {
	t.Helper()
	opts = append([]otelagentops.Option{otelagentops.WithFlushInterval(100 * time.Millisecond),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)), otelagentops.WithoutJournal()}, opts...)
	c, err := otelagentops.New(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = c.Shutdown(ctx)
	})
	return c
}
