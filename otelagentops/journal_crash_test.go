package otelagentops

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// crashChildEnv makes the test binary the looping child of
// TestRandomKillsAreRecoveredOnce: the folder of its session files.
const crashChildEnv = "AGENTOPS_TEST_CRASH_CHILD"

// crashFlush is the looping child's flush interval.
const crashFlush = 50 * time.Millisecond

// runCrashChild records LLM and tool calls into one session, offline (the
// session sink and journal in dir), until it is killed. It prints "ready
// <session-id>", then "ended <event-id> <unix ns>" for each span ended.
func runCrashChild(dir string) {
	ctx := context.Background()
	c, err := New(ctx, WithSessionDir(dir), WithFlushInterval(crashFlush), WithoutEnvData(),
		WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		fmt.Println("error", err)
		return
	}
	ctx, s, err := c.StartSession(ctx, WithSessionName("loop"))
	if err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("ready", s.ID())
	out := bufio.NewWriter(os.Stdout)
	ended := func(span sdktrace.ReadOnlySpan) {
		sc := span.SpanContext()
		sid := sc.SpanID()
		fmt.Fprintln(out, "ended", uuid.NewSHA1(uuid.UUID(sc.TraceID()), sid[:]), span.EndTime().UnixNano())
		_ = out.Flush()
	}
	for i := 0; ; i++ {
		_, call, _ := c.StartLLM(ctx, LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini",
			Messages: []Message{{Role: "user", Content: "question " + strconv.Itoa(i)}}})
		call.End(LLMResponse{Model: "gpt-4o-mini", Usage: Usage{InputTokens: 10, OutputTokens: 3}}, nil)
		ended(call.Span().(sdktrace.ReadOnlySpan))
		_, tool, _ := c.StartTool(ctx, "lookup", i)
		tool.End("found", nil)
		ended(tool.Span().(sdktrace.ReadOnlySpan))
		if i%3 == 2 {
			begun := time.Now()
			if c.ForceFlush(ctx) == nil {
				fmt.Fprintln(out, "flushed", begun.UnixNano())
				_ = out.Flush()
			}
		}
		time.Sleep(100 * time.Millisecond) // 30 of these share the machine
	}
}

// TestRandomKillsAreRecoveredOnce runs 30 looping children side by side in
// one folder and kills each with SIGKILL at a random moment (during LLM and
// tool calls, between batches, during the sink's writes), then starts one
// client there: every session is recovered exactly once, as
// Indeterminate; every session file is a complete, valid document; every
// span is in it at most once, and every span that ended before the last
// ForceFlush the child reported is in it. How much the periodic flush lost
// is logged, not asserted: it depends on the machine's load. The children all
// start before the first kill, so that none of them recovers another's
// session first.
func TestRandomKillsAreRecoveredOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("30 child processes")
	}
	dir := t.TempDir()
	t.Setenv(envconfig.EnvJournalDir, "") // the default, which TestMain turns off
	const runs = 30
	type run struct {
		cmd   *exec.Cmd
		id    string
		ended map[string]time.Time // event ID: the end of its span
		flush time.Time            // the start of the last ForceFlush that returned
		read  chan struct{}        // closed when its output is read
		kill  time.Time
	}
	all := make([]*run, runs)
	for i := range all {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		lines := bufio.NewScanner(out)
		if !lines.Scan() || !strings.HasPrefix(lines.Text(), "ready ") {
			t.Fatalf("child %d said %q", i, lines.Text())
		}
		r := &run{cmd: cmd, id: strings.TrimPrefix(lines.Text(), "ready "), ended: map[string]time.Time{}, read: make(chan struct{})}
		go func() {
			defer close(r.read)
			for lines.Scan() {
				switch f := strings.Fields(lines.Text()); {
				case len(f) == 3 && f[0] == "ended":
					ns, _ := strconv.ParseInt(f[2], 10, 64)
					r.ended[f[1]] = time.Unix(0, ns)
				case len(f) == 2 && f[0] == "flushed":
					ns, _ := strconv.ParseInt(f[1], 10, 64)
					r.flush = time.Unix(0, ns)
				}
			}
		}()
		all[i] = r
	}
	for _, r := range all {
		time.Sleep(time.Duration(rand.N(int64(2 * crashFlush))))
		r.kill = time.Now()
		if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range all {
		<-r.read
		_ = r.cmd.Wait()
	}

	// The recovering client: the session files and a test exporter that
	// counts roots, the journal where the children had it.
	sink, err := sessiondoc.NewSink(sessiondoc.WithDir(dir), sessiondoc.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	exp := &keepingExporter{}
	c, err := New(context.Background(), WithExporter(sink), WithExporter(exp), WithJournalDir(filepath.Join(dir, "journal")),
		WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // 30 sessions on a loaded machine
	defer cancel()
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	roots := map[string]int{}
	for _, s := range exp.Spans() {
		if !s.Parent().IsValid() {
			roots[SessionID(s.SpanContext().TraceID()).String()]++
		}
	}
	for i, r := range all {
		if roots[r.id] != 1 {
			t.Errorf("run %d: session %s recovered %d times", i, r.id, roots[r.id])
		}
		d := readDocument(t, filepath.Join(dir, r.id+".json"))
		if d.Partial || d.Session.EndState != string(semconv.EndStateIndeterminate) {
			t.Errorf("run %d: document partial %v, end state %q", i, d.Partial, d.Session.EndState)
		}
		have := map[string]int{}
		for _, e := range d.Events {
			have[e.ID]++
		}
		var newestPresent time.Time
		for id, end := range r.ended {
			if have[id] > 0 && end.After(newestPresent) {
				newestPresent = end
			}
		}
		t.Logf("run %d: %d ended, %d events, newest present %v before the kill", i, len(r.ended), len(d.Events), r.kill.Sub(newestPresent))
		for id, end := range r.ended {
			if n := have[id]; n > 1 || (n == 0 && end.Before(r.flush)) {
				t.Errorf("run %d: event %s, ended %v before the kill and %v before a ForceFlush that returned, is in the document %d times",
					i, id, r.kill.Sub(end), r.flush.Sub(end), n)
			}
		}
	}
	if len(roots) != runs {
		t.Errorf("%d sessions recovered, want %d", len(roots), runs)
	}
}
