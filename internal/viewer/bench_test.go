package viewer

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/sessiondoc"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// The session page of a 5,000-span session against two baselines in the
// same run: the raw file served as it is (http.ServeFile), and
// json.Marshal of the same document. Warm is the page with the document
// decoded already (the file unchanged since the last request: every
// request but the first); Cold decodes it on every request (a running
// session whose file changes between requests).
func BenchmarkSessionPage5000Spans(b *testing.B) {
	dir := b.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000c1"
	doc := spanDoc(id, 5000)
	writeDoc(b, dir, doc)
	path := filepath.Join(dir, id+".json")
	info, _ := os.Stat(path)
	b.Logf("document: %d spans, %d events, %d bytes", len(doc.Spans), len(doc.Events), info.Size())
	ix := newIndex(b, dir)
	req := func(p string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+p, nil)
		r.Host = "127.0.0.1"
		return r
	}
	serve := func(b *testing.B, h http.Handler, p string) {
		h.ServeHTTP(httptest.NewRecorder(), req(p)) // warm: b.Loop starts the timer afresh
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req(p))
			if rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
		}
	}
	b.Run("baseline=ServeFile", func(b *testing.B) {
		serve(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, path) }), "/")
	})
	b.Run("baseline=json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("page=warm", func(b *testing.B) { serve(b, New(ix), "/sessions/"+id) })
	b.Run("page=warm,span", func(b *testing.B) { serve(b, New(ix), "/sessions/"+id+"?span=0000000000000fa0") })
	b.Run("details=warm", func(b *testing.B) { serve(b, New(ix), "/sessions/"+id+"/spans/0000000000000fa0") })
	b.Run("api=warm", func(b *testing.B) { serve(b, New(ix), "/api/sessions/"+id) })
	b.Run("page=cold", func(b *testing.B) {
		v := New(ix)
		b.ReportAllocs()
		for b.Loop() {
			v.docs = newDocCache(dir, 8)
			rec := httptest.NewRecorder()
			v.ServeHTTP(rec, req("/sessions/"+id))
			if rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// The list's first page over an index of 10,000 sessions, against the
// index's Query of that page alone (the baseline: what any list costs).
func BenchmarkListPage10000Sessions(b *testing.B) {
	dir := b.TempDir()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		id := fmt.Sprintf("0195f3a2-7c1e-7d4b-9a3f-%012x", i)
		ts := sessiondoc.Timestamp(start.Add(time.Duration(i) * time.Minute))
		writeDoc(b, dir, &sessiondoc.Document{Name: fmt.Sprintf("run-%d", i),
			Session: sessiondoc.Session{SessionID: id, InitTimestamp: ts, EndTimestamp: ts, EndState: "Success", Tags: []string{"t" + strconv.Itoa(i%7)}},
			Stats:   &sessiondoc.Stats{LLMCalls: int64(i % 13), CostUSD: float64(i%97) / 1000}, Events: []sessiondoc.Event{}})
	}
	ix := newIndex(b, dir)
	v := New(ix)
	r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/", nil)
	r.Host = "127.0.0.1"
	b.Run("baseline=Query", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if p := ix.Query(sessionindex.Query{Limit: defaultLimit}); len(p.Rows) != defaultLimit {
				b.Fatal(len(p.Rows))
			}
		}
	})
	b.Run("page=list", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			v.ServeHTTP(rec, r)
			if rec.Code != 200 {
				b.Fatal(rec.Code)
			}
		}
	})
	b.Run("page=overview", func(b *testing.B) {
		b.ReportAllocs()
		ro := r.Clone(r.Context())
		ro.URL.Path = "/overview"
		for b.Loop() {
			rec := httptest.NewRecorder()
			v.ServeHTTP(rec, ro)
			if rec.Code != 200 {
				b.Fatal(rec.Code)
			}
		}
	})
}
