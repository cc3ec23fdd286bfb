package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// clearExportEnv unsets every variable that would add an exporter, so that
// a test sees only its own options.
func clearExportEnv(t *testing.T) {
	t.Helper()
	for _, name := range []string{envconfig.EnvAPIKey, envconfig.EnvOTLPEndpoint, envconfig.EnvOTLPTracesEndpoint, envconfig.EnvSessionDir, envconfig.EnvOTLPProtocol,
		envconfig.EnvOTLPTracesProtocol, envconfig.EnvOTLPCompression, envconfig.EnvOTLPHeaders, envconfig.EnvOTLPTimeout} {
		t.Setenv(name, "")
	}
}

// runSession runs one session with a tool call and a recorded error, and
// shuts the client down.
func runSession(t *testing.T, c *Client) *Session {
	t.Helper()
	ctx, s, err := c.StartSession(context.Background(), WithSessionName("research"), WithTags("e2e"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RecordTool(ctx, Tool{Name: "search", Input: map[string]string{"q": "go"}, Output: "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := c.RecordError(ctx, errors.New("boom")); err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, semconv.EndStateSuccess, WithReason("done")); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func newTestClient(t *testing.T, opts ...Option) (*Client, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	c, err := New(context.Background(), append([]Option{WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) })
	return c, logs
}

func TestOfflineDefaultWritesTheSession(t *testing.T) {
	clearExportEnv(t)
	dir := filepath.Join(t.TempDir(), "out")
	c, logs := newTestClient(t, WithSessionDir(dir))
	s := runSession(t, c)
	path := filepath.Join(dir, s.ID().String()+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no session file: %v (files: %v)", err, dirNames(dir))
	}
	for _, want := range []string{`"session_id": "` + s.ID().String() + `"`, `"end_state": "Success"`,
		`"event_type": "tools"`, `"event_type": "errors"`, `"name": "research"`, `"e2e"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("session file lacks %s:\n%s", want, data)
		}
	}
	if !strings.Contains(logs.String(), path) {
		t.Errorf("the file's path is not logged:\n%s", logs)
	}
}

func TestSessionDirFromEnvironment(t *testing.T) {
	clearExportEnv(t)
	dir := t.TempDir()
	t.Setenv(envconfig.EnvSessionDir, dir)
	c, _ := newTestClient(t)
	s := runSession(t, c)
	if _, err := os.Stat(filepath.Join(dir, s.ID().String()+".json")); err != nil {
		t.Fatal(err)
	}
}

// TestNoSinkWithAnotherExporter checks that nothing is written to the
// default folder when an exporter, an API key or WithoutSessionSink is given.
func TestNoSinkWithAnotherExporter(t *testing.T) {
	clearExportEnv(t)
	srv := exportertest.NewServer(t, 0)
	for name, opts := range map[string][]Option{
		"WithExporter":       {WithExporter(tracetest.NewInMemoryExporter())},
		"API key":            {WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(srv.URL)},
		"WithoutSessionSink": {WithoutSessionSink()},
	} {
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			c, _ := newTestClient(t, opts...)
			runSession(t, c)
			if names := dirNames("."); len(names) != 0 {
				t.Errorf("files written: %v", names)
			}
		})
	}
}

func TestAPIKeySendsToAgentOpsBesideWithExporter(t *testing.T) {
	clearExportEnv(t)
	srv := exportertest.NewServer(t, 0)
	mem := &keepingExporter{}
	c, logs := newTestClient(t, WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(srv.URL), WithExporter(mem))
	waitFor(t, func() bool { return c.targets.projectID() != "" })
	s := runSession(t, c)
	got := srv.Accepted()
	if len(got) != 3 || len(mem.Spans()) != 3 {
		t.Fatalf("AgentOps got %d spans and WithExporter %d; want 3 each", len(got), len(mem.Spans()))
	}
	for _, r := range srv.Requests() {
		if r.Bearer == "" || r.UserAgent != "agentops-go/"+Version {
			t.Errorf("request without bearer or with user agent %q", r.UserAgent)
		}
	}
	root := mem.Spans()[2]
	if root.Name() != "research.session" || !hasValue(root.Attributes(), semconv.AgentOpsProjectID(exportertest.ProjectID)) {
		t.Errorf("root %q lacks the project ID: %v", root.Name(), root.Attributes())
	}
	if !strings.Contains(logs.String(), c.DashboardURL(s.ID())) {
		t.Errorf("no dashboard link in the log:\n%s", logs)
	}
}

// TestInvalidAPIKeyKeepsTheApplicationRunning: a key the auth endpoint
// rejects (401 or 403) fails every span, with one error line, and the
// Shutdown summary says they failed, in ExportStats' terms (it said
// dropped_queue_full for spans no full queue had dropped).
func TestInvalidAPIKeyKeepsTheApplicationRunning(t *testing.T) {
	clearExportEnv(t)
	for _, status := range []int{401, 403} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv := exportertest.NewServer(t, 0)
			srv.FailAuth(status, `{"error":"Invalid API key"}`)
			c, logs := newTestClient(t, WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(srv.URL))
			runSession(t, c)
			if st := c.ExportStats(); st.Failed != 3 || st.Exported != 0 {
				t.Errorf("export stats %+v, want 3 failed", st)
			}
			out := logs.String()
			if strings.Count(out, "level=ERROR") != 1 || !strings.Contains(out, "https://app.agentops.ai/settings/projects") {
				t.Errorf("want one error naming where to find a key:\n%s", out)
			}
			if strings.Contains(out, exportertest.APIKey) || len(srv.Requests()) != 0 {
				t.Errorf("the key leaked or spans were sent unauthenticated:\n%s", out)
			}
			summary := "spans were not delivered\" queued=3 exported=0 failed=3 held=0 dropped=0"
			if !strings.Contains(out, summary) || strings.Contains(out, "dropped_queue_full") {
				t.Errorf("the Shutdown summary does not say %q:\n%s", summary, out)
			}
		})
	}
}

func TestInsecureAgentOpsEndpoint(t *testing.T) {
	clearExportEnv(t)
	opts := []Option{WithAPIKey(exportertest.APIKey), WithAPIEndpoint("http://agentops.invalid"), WithLogger(slog.New(slog.DiscardHandler))}
	if _, err := New(context.Background(), opts...); !errors.Is(err, exporter.ErrInsecureEndpoint) {
		t.Fatalf("err = %v, want ErrInsecureEndpoint", err)
	}
	c, err := New(context.Background(), append(opts, WithExporterEndpoint("http://agentops.invalid"), WithInsecure())...)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
	}
}

func dirNames(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// hasValue reports whether attrs hold kv.
func hasValue(attrs []attribute.KeyValue, kv attribute.KeyValue) bool {
	for _, a := range attrs {
		if a.Key == kv.Key && a.Value == kv.Value {
			return true
		}
	}
	return false
}
