package e2e_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// The example programs, built with go build and run as child processes
// sending to an AgentOps stand-in and a plain OTLP endpoint side by side.

// example is an example program and what it is known to record.
type example struct {
	dir, pkg string // the module directory (relative to e2e) and the package in it
	name     string // the session name the dashboard should show
	tags     []string
	tokens   *regexp.Regexp // its stdout line with input and output tokens
}

var (
	quickstart = example{dir: "..", pkg: "./examples/quickstart", name: "default", tags: []string{"quickstart", "simulated"},
		tokens: regexp.MustCompile(`tokens: (\d+) in, (\d+) out`)}
	openaiExample = example{dir: "../examples/openai", pkg: ".", name: "openai-example", tags: []string{"example", "openai-go"},
		tokens: regexp.MustCompile(`tokens: (\d+) in / (\d+) out`)}
)

// summaryLine is the SDK's summary line as its default logger writes it.
var summaryLine = regexp.MustCompile(`Session Stats - Duration: [^|]+\| Cost: [^|]+\| LLMs: (\d+) \| Tools: (\d+) \| Actions: \d+ \| Errors: (\d+).*end_state=(\w+)`)

// exampleRun is what one run of an example exported and said.
type exampleRun struct {
	agentOps, otlp []*tracepb.Span
	summary        summary
}

// runExample builds ex, runs it with AGENTOPS_API_KEY and both endpoints
// pointed at local stand-ins, and reads its summary line.
func runExample(t *testing.T, ex example) exampleRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "example")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ex.pkg)
	build.Dir = ex.dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", ex.pkg, err, out)
	}

	ao := exportertest.NewServer(t, 0)
	otlp := exportertest.NewServer(t, 0)
	otlp.AcceptAnyBearer()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = t.TempDir()
	cmd.Env = append(cleanEnv(), "AGENTOPS_API_KEY="+exportertest.APIKey, "AGENTOPS_API_ENDPOINT="+ao.URL,
		"AGENTOPS_EXPORTER_ENDPOINT="+ao.URL, "OTEL_EXPORTER_OTLP_ENDPOINT="+otlp.URL, "AGENTOPS_LOG_LEVEL=info",
		"AGENTOPS_EXPORT_FLUSH_INTERVAL=100")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", ex.pkg, err, &stdout, &stderr)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s stdout:\n%s\nstderr:\n%s", ex.pkg, &stdout, &stderr)
		}
	})

	run := exampleRun{agentOps: ao.Accepted(), otlp: otlp.Accepted(),
		summary: summary{name: ex.name, tags: ex.tags, tokens: true}}
	m := summaryLine.FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("%s logged no summary line (Session Stats - … LLMs: N | Tools: M …)", ex.pkg)
	}
	run.summary.llms, run.summary.tools, run.summary.errors = atoi(t, m[1]), atoi(t, m[2]), atoi(t, m[3])
	run.summary.state = semconv.EndState(m[4])
	tok := ex.tokens.FindStringSubmatch(stdout.String())
	if tok == nil {
		t.Fatalf("%s printed no token line matching %s", ex.pkg, ex.tokens)
	}
	run.summary.input, run.summary.output = int64(atoi(t, tok[1])), int64(atoi(t, tok[2]))
	return run
}

// cleanEnv is the test's environment without the variables that configure
// the SDK, OTel exporters, an inherited session or the OpenAI client.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "AGENTOPS_"), strings.HasPrefix(name, "OTEL_"), strings.HasPrefix(name, "OPENAI_"),
			name == "TRACEPARENT", name == "TRACESTATE", name == "BAGGAGE":
			continue
		}
		env = append(env, kv)
	}
	return env
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
