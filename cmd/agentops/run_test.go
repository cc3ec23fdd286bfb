package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
	"github.com/agentops-go/sdk/sessiondoc"
)

// runCLI runs the command line in-process and returns its exit code,
// stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestSessionsTable(t *testing.T) {
	f := sessionindextest.Write(t)
	code, out, errOut := runCLI("sessions", f.Dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	t.Logf("\n%s", out)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 7 || !strings.HasPrefix(lines[0], "SESSION ID") {
		t.Fatalf("want a header and 6 rows:\n%s", out)
	}
	tests := []struct {
		id   string
		want []string
	}{
		{f.SuccessID, []string{"checkout", "shop,eval", "Success", "$0.0125 +1 unpriced", "130/50", " 2 ", " 1 "}},
		{f.FailID, []string{"planner", "Fail"}},
		// Both processes' calls: 3 LLM, 2 tools, no action, 1 error.
		{f.JoinedID, []string{"orchestrator", "joined", "$0.2625 +1 unpriced", "127/17", " 3 ", " 2 ", " 0 ", " 1"}},
		{sessionindextest.RunningID, []string{"running", "3.0s", "$0.5000", "7/3"}},
		{sessionindextest.RecoveredID, []string{"recovered", "1h0m0s"}},
		{sessionindextest.MalformedID, []string{"unreadable: truncated JSON"}},
	}
	for _, tt := range tests {
		line := lineOf(lines, tt.id)
		if line == "" {
			t.Errorf("no row for %s", tt.id)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(line, w) {
				t.Errorf("row %q lacks %q", line, w)
			}
		}
	}
	if strings.Contains(out, "partial-4242") || strings.Contains(out, "journal") || strings.Contains(out, "notes") {
		t.Errorf("ignored files listed:\n%s", out)
	}
	if lineOf(lines, f.FailID) != lines[1] && lineOf(lines, sessionindextest.MalformedID) != lines[1] {
		t.Errorf("newest first: the planner session or the malformed file (now) comes first:\n%s", out)
	}
	if lineOf(lines, sessionindextest.RecoveredID) != lines[6] {
		t.Errorf("the oldest session is not last:\n%s", out)
	}
}

func TestSessionsJSON(t *testing.T) {
	f := sessionindextest.Write(t)
	t.Setenv(envconfig.EnvSessionDir, f.Dir)
	for _, args := range [][]string{{"sessions", "--json"}, {"sessions", "-json"}} {
		code, out, errOut := runCLI(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		var rows []sessionindex.Row
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("%v: not JSON rows: %v\n%s", args, err, out)
		}
		got := map[string]sessionindex.Row{}
		for _, r := range rows {
			got[r.ID] = r
		}
		if len(rows) != 6 || got[f.SuccessID].Unpriced != 1 || got[f.SuccessID].Name != "checkout" || got[f.JoinedID].LLMCalls != 3 ||
			got[sessionindextest.RunningID].Status != "running" || got[sessionindextest.RecoveredID].Status != "recovered" ||
			got[sessionindextest.MalformedID].Unreadable == "" {
			t.Errorf("%v: rows %+v", args, rows)
		}
	}
}

func TestShowTree(t *testing.T) {
	f := sessionindextest.Write(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"success", []string{"show", f.SuccessID, f.Dir}, []string{"checkout  " + f.SuccessID + "  Success",
			"shop, eval", "$0.0125 +1 unpriced", "130 in / 50 out", "2 LLM, 1 tool, 1 action, 0 error",
			"llm", "gpt-4.1", "120/45 tok", "my-local-model", "tool", "get_weather", "action", "click"}},
		{"fail, the tool's error on its line", []string{"show", f.FailID, f.Dir}, []string{"planner", "Fail", "spans (3)",
			"session  planner.session", "├─ +", "tool     book_flight", "✗ no seats", "└─ +", "error", "✗ plan abandoned"}},
		{"joined: both processes' calls", []string{"show", f.JoinedID, f.Dir}, []string{"orchestrator  " + f.JoinedID + "  Success",
			"$0.2625 +1 unpriced", "127 in / 17 out", "3 LLM, 2 tool, 0 action, 1 error", "inherited"}},
		{"running", []string{"show", sessionindextest.RunningID, f.Dir}, []string{"running", "partial", "claude-x", "$0.5000"}},
		{"recovered", []string{"show", sessionindextest.RecoveredID, f.Dir}, []string{"recovered", "ended without ending the session"}},
		{"flag after the ID", []string{"show", f.SuccessID, "--json=false", f.Dir}, []string{"checkout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			t.Logf("\n%s", out)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q", w)
				}
			}
		})
	}
}

func TestShowJSONPrintsTheDocumentAsStored(t *testing.T) {
	f := sessionindextest.Write(t)
	code, out, errOut := runCLI("show", "--json", f.SuccessID, f.Dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	stored, err := os.ReadFile(filepath.Join(f.Dir, f.SuccessID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc sessiondoc.Document
	if out != string(stored) || json.Unmarshal([]byte(out), &doc) != nil || doc.Session.SessionID != f.SuccessID {
		t.Errorf("show --json differs from the stored document:\n%s", out)
	}
}

func TestShowRefusesBadIDsAndUnreadableDocuments(t *testing.T) {
	f := sessionindextest.Write(t)
	outside := filepath.Join(filepath.Dir(f.Dir), "secret.json")
	if err := os.WriteFile(outside, []byte(`{"session": {"session_id": "secret"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(outside)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"traversal", []string{"show", "../secret", f.Dir}, 1, "not a session ID"},
		{"absolute path", []string{"show", strings.TrimSuffix(outside, ".json"), f.Dir}, 1, "not a session ID"},
		{"nested traversal", []string{"show", f.SuccessID + "/../../secret", f.Dir}, 1, "not a session ID"},
		{"json traversal", []string{"show", "--json", "../secret", f.Dir}, 1, "not a session ID"},
		{"malformed", []string{"show", sessionindextest.MalformedID, f.Dir}, 1, "truncated JSON"},
		{"missing", []string{"show", "0195f3a2-7c1e-7d4b-9a3f-0000000000aa", f.Dir}, 1, "no such file"},
		{"no ID", []string{"show"}, 2, "wrong number of arguments"},
		{"unknown flag", []string{"sessions", "--html"}, 2, "flag provided but not defined"},
		{"unknown command", []string{"serve"}, 2, "unknown command"},
		{"no command", nil, 2, "usage:"},
		{"no folder", []string{"sessions", filepath.Join(f.Dir, "none")}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) || strings.Contains(out, "secret") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
}

func TestControlCharactersNeverReachTheTerminal(t *testing.T) {
	if got := oneLine("evil\x1b[2J\x07name\nnext", 80); strings.ContainsAny(got, "\x1b\x07\n") {
		t.Errorf("oneLine kept a control character: %q", got)
	}
}

// lineOf returns the line of lines that holds s, or "".
func lineOf(lines []string, s string) string {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestFormatUSD(t *testing.T) {
	for usd, want := range map[float64]string{0: "$0", 0.0125: "$0.0125", 0.000017: "$0.000017", 1e-9: "<$0.000001", 12.5: "$12.5000"} {
		if got := formatUSD(usd); got != want {
			t.Errorf("formatUSD(%v) = %q, want %q", usd, got, want)
		}
	}
}

func TestSessionStringsCannotDriveTheTerminal(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000cc"
	doc := sessiondoc.Document{Name: "evil\x1b]0;pwned\x07\x1b[2J",
		Session: sessiondoc.Session{SessionID: id, InitTimestamp: sessiondoc.Timestamp(time.Now()), EndTimestamp: sessiondoc.Timestamp(time.Now()),
			EndState: "Fail", EndStateReason: "line\nbreak\x1b[31m", Tags: []string{"<script>alert(1)</script>", "\x1b[1m"}},
		Events: []sessiondoc.Event{{ID: "e1", EventType: sessiondoc.EventTypeError, SessionID: id,
			ErrorEvent: &sessiondoc.ErrorEvent{ErrorType: "boom\x1b[0m", Details: "bad\rthing"}}}}
	data, err := json.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id+".json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"sessions", dir}, {"show", id, dir}} {
		code, out, errOut := runCLI(args...)
		if code != 0 || strings.ContainsAny(out, "\x1b\x07\r") || !strings.Contains(out, "<script>") {
			t.Errorf("%v: exit %d, stderr %q, output %q", args, code, errOut, out)
		}
	}
}
