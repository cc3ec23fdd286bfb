// Package sessionindextest writes a folder of session documents for the
// tests of the agentops viewer: sessions recorded through the real SDK
// (otelagentops with a session directory), a running document, a session
// recovered after a crash, a malformed file, and files the viewer must
// ignore. One session is joined by a second client, standing for a second
// process (see JoinedPID).
package sessionindextest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// Fixed IDs of the hand-written documents.
const (
	RunningID   = "0195f3a2-7c1e-7d4b-9a3f-000000000001"
	RecoveredID = "0195f3a2-7c1e-7d4b-9a3f-000000000002"
	MalformedID = "0195f3a2-7c1e-7d4b-9a3f-000000000003"
)

// Fixtures are the sessions Write wrote.
type Fixtures struct {
	Dir       string
	SuccessID string // "checkout", tags "shop" and "eval": an LLM call priced by the user, one unpriced, a tool, an action
	FailID    string // "planner": a failed tool call and a recorded error, ended Fail
	JoinedID  string // "orchestrator", tag "joined": a session a second process joined (see JoinedPID)
}

// Write fills a new temporary folder with session documents and returns
// it. The SDK's client runs offline with its journal off.
func Write(t testing.TB) Fixtures {
	t.Helper()
	for _, name := range []string{envconfig.EnvAPIKey, envconfig.EnvOTLPEndpoint, envconfig.EnvOTLPTracesEndpoint,
		envconfig.EnvSessionDir, envconfig.EnvDefaultTags} {
		t.Setenv(name, "")
	}
	f := Fixtures{Dir: t.TempDir()}
	ctx := context.Background()
	c, err := otelagentops.New(ctx, otelagentops.WithSessionDir(f.Dir), otelagentops.WithoutJournal(),
		otelagentops.WithoutEnvData(), otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	f.SuccessID = session(t, c, "checkout", []string{"shop", "eval"}, semconv.EndStateSuccess, func(ctx context.Context) error {
		cost := 0.0125
		req := otelagentops.LLMRequest{Model: "gpt-4.1", Messages: []otelagentops.Message{{Role: "user", Content: "hi"}}}
		resp := otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 120, OutputTokens: 45}, CostUSD: &cost,
			Messages: []otelagentops.Message{{Role: "assistant", Content: "hello"}}}
		return errors.Join(c.RecordLLM(ctx, req, resp, nil),
			c.RecordLLM(ctx, otelagentops.LLMRequest{Model: "my-local-model"}, otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 10, OutputTokens: 5}}, nil),
			c.RecordTool(ctx, otelagentops.Tool{Name: "get_weather", Input: "Paris", Output: "sunny"}),
			c.RecordAction(ctx, otelagentops.Action{Type: "click"}))
	})
	time.Sleep(2 * time.Millisecond) // distinct start times: the list is newest first
	f.FailID = session(t, c, "planner", nil, semconv.EndStateFail, func(ctx context.Context) error {
		return errors.Join(c.RecordTool(ctx, otelagentops.Tool{Name: "book_flight", Err: errors.New("no seats")}),
			c.RecordError(ctx, errors.New("plan abandoned")))
	})
	time.Sleep(2 * time.Millisecond)
	f.JoinedID = joined(t, c, f.Dir)
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	writeHandmade(t, f.Dir)
	return f
}

// session runs one session with record and ends it with state.
func session(t testing.TB, c *otelagentops.Client, name string, tags []string, state semconv.EndState, record func(context.Context) error) string {
	t.Helper()
	ctx, s, err := c.StartSession(context.Background(), otelagentops.WithSessionName(name), otelagentops.WithTags(tags...))
	if err != nil {
		t.Fatal(err)
	}
	if err := record(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, state); err != nil {
		t.Fatal(err)
	}
	return s.ID().String()
}

// writeHandmade writes a running document, a recovered one (a running one
// ended as the journal recovery ends it), a half-written file and files to
// ignore.
func writeHandmade(t testing.TB, dir string) {
	t.Helper()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, id := range []string{RunningID, RecoveredID} {
		cost := 0.5
		doc := sessiondoc.Document{Partial: true,
			Session: sessiondoc.Session{SessionID: id, InitTimestamp: sessiondoc.Timestamp(start), Tags: []string{}},
			Events: []sessiondoc.Event{{ID: "e1", EventType: sessiondoc.EventTypeLLM, SessionID: id,
				InitTimestamp: sessiondoc.Timestamp(start.Add(time.Second)), EndTimestamp: sessiondoc.Timestamp(start.Add(3 * time.Second)),
				LLMEvent: &sessiondoc.LLMEvent{Model: "claude-x", PromptTokens: 7, CompletionTokens: 3, Cost: &cost}}}}
		writeJSON(t, filepath.Join(dir, id+".json"), &doc)
		start = start.Add(-time.Hour)
	}
	reason := "N/A (the process ended without ending the session: it was killed or crashed; recovered from the session journal by process 42)"
	if err := sessiondoc.EndRunningDocument(filepath.Join(dir, RecoveredID+".json"), start.Add(2*time.Hour), "Indeterminate", reason); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		MalformedID + ".json":                       `{"session": {"session_id": "` + MalformedID + `", "init_ti`,
		RunningID + ".partial-4242.json":            `not json`,
		".0195f3a2-7c1e-7d4b-9a3f-0000000000ff.tmp": `not json`,
		"notes.json": `{}`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "journal"), 0o700); err != nil {
		t.Fatal(err)
	}
}

// writeJSON writes v as JSON to path.
func writeJSON(t testing.TB, path string, v any) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := errors.Join(enc.Encode(v), f.Close()); err != nil {
		t.Fatal(err)
	}
}
