package viewer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/sessiondoc"
)

// response is what a request to the viewer answered.
type response struct {
	Status int
	Header http.Header
	Body   string
}

// get serves GET path with h, as a browser on the loopback interface asks.
func get(t testing.TB, h http.Handler, path string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:7777"+path, nil)
	req.Host = "127.0.0.1:7777"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
}

// newViewer returns a viewer of dir with its index filled.
func newViewer(t testing.TB, dir string) (*Server, *sessionindex.Index) {
	t.Helper()
	ix := sessionindex.NewIndex(dir)
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	return New(ix), ix
}

// writeDoc writes doc as the file of its session in dir, replacing it
// atomically as a Sink does.
func writeDoc(t testing.TB, dir string, doc *sessiondoc.Document) {
	t.Helper()
	if err := replaceDoc(dir, doc); err != nil {
		t.Fatal(err)
	}
}

// replaceDoc is writeDoc for any goroutine: it returns the error.
func replaceDoc(dir string, doc *sessiondoc.Document) error {
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".doc-*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, doc.Session.SessionID+".json"))
}

// spanDoc returns an ended session of n spans: the root, agents each with
// a task, and under each task LLM calls and tools; every 50th tool fails.
func spanDoc(id string, n int) *sessiondoc.Document {
	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	ts := func(ms int) sessiondoc.Timestamp {
		return sessiondoc.Timestamp(start.Add(time.Duration(ms) * time.Millisecond))
	}
	doc := &sessiondoc.Document{Name: "big",
		Session: sessiondoc.Session{SessionID: id, InitTimestamp: ts(0), EndTimestamp: ts(n * 10), EndState: "Success", Tags: []string{"bench"}},
		Stats:   &sessiondoc.Stats{LLMCalls: int64(n / 2), ToolCalls: int64(n / 4)},
		Processes: []sessiondoc.Process{{ID: "host/1", PID: 1, Host: "host", Service: "agent"},
			{ID: "host/2", PID: 2, Host: "host", Service: "worker", Inherited: true}},
	}
	doc.Spans = append(doc.Spans, sessiondoc.Span{SpanID: "root", Name: "big.session", Kind: sessiondoc.SpanKindSession, Start: ts(0), End: ts(n * 10), Process: "host/1"})
	parent, task := "root", ""
	for i := 1; i < n; i++ {
		sid := fmt.Sprintf("%016x", i)
		s := sessiondoc.Span{SpanID: sid, Start: ts(i * 10), End: ts(i*10 + 25), Process: "host/1"}
		switch {
		case i%100 == 1:
			s.Kind, s.Name, s.ParentSpanID, parent = sessiondoc.SpanKindAgent, fmt.Sprintf("agent-%d", i), "root", sid
			s.Attributes = map[string]any{"agentops.agent.name": s.Name, "n": i}
		case i%20 == 2:
			s.Kind, s.Name, s.ParentSpanID, task = sessiondoc.SpanKindTask, "step", parent, sid
			s.Process = "host/2"
		case i%2 == 0:
			s.Kind, s.Name, s.ParentSpanID = sessiondoc.SpanKindLLM, "chat gpt-4.1", task
			cost := 0.001
			e := sessiondoc.Event{ID: "e" + sid, EventType: sessiondoc.EventTypeLLM, SessionID: id, SpanID: sid, InitTimestamp: s.Start, EndTimestamp: s.End,
				Params: map[string]any{"temperature": 0.2},
				LLMEvent: &sessiondoc.LLMEvent{Model: "gpt-4.1", PromptTokens: 100, CompletionTokens: 20, CostUSD: &cost,
					Prompt:     []sessiondoc.Message{{Role: "user", Content: fmt.Sprintf("question %d", i)}},
					Completion: sessiondoc.Message{Role: "assistant", Content: fmt.Sprintf("answer %d", i)}}}
			s.EventIDs = []string{e.ID}
			doc.Events = append(doc.Events, e)
		default:
			s.Kind, s.Name, s.ParentSpanID = sessiondoc.SpanKindTool, "search", task
			e := sessiondoc.Event{ID: "e" + sid, EventType: sessiondoc.EventTypeTool, SessionID: id, SpanID: sid, InitTimestamp: s.Start, EndTimestamp: s.End,
				Params: map[string]any{"q": i}, Returns: "ok", ToolEvent: &sessiondoc.ToolEvent{Name: "search"}}
			s.EventIDs = []string{e.ID}
			if i%50 == 3 {
				s.Error = "timeout"
			}
			doc.Events = append(doc.Events, e)
		}
		if s.ParentSpanID == "" {
			s.ParentSpanID = parent
		}
		doc.Spans = append(doc.Spans, s)
	}
	return doc
}

// dirState describes every entry of dir: path, size, mode and time.
func dirState(t testing.TB, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %s %s\n", path, info.Size(), info.Mode(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// count returns how many times sub occurs in s.
func count(s, sub string) int { return strings.Count(s, sub) }

// newIndex returns the index of dir, refreshed.
func newIndex(t testing.TB, dir string) *sessionindex.Index {
	t.Helper()
	ix := sessionindex.NewIndex(dir)
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	return ix
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
