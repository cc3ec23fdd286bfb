package llmserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Fault is what the server does to one request instead of answering it
// normally. The zero Fault answers normally.
type Fault struct {
	Status   int // an HTTP error status, answered with the provider's error body
	CutAfter int // for a stream: abort the connection after this many events
}

// Request is a request the server received.
type Request struct {
	Path       string
	Body       []byte
	RetryCount string // X-Stainless-Retry-Count, "" when absent
}

// Server is the local LLM API server.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	faults   []Fault
	requests []Request
}

// New starts a server; t.Cleanup closes it.
func New(t testing.TB) *Server {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/responses", s.responses)
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	mux.HandleFunc("POST /v1/messages", s.messages)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// Push scripts faults for the next requests, one each, in order.
func (s *Server) Push(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// begin records r, decodes its body into req, and returns the fault
// scripted for it.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, req any) (Fault, bool) {
	body, err := io.ReadAll(r.Body)
	if err == nil {
		err = json.Unmarshal(body, req)
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Path: r.URL.Path, Body: body, RetryCount: r.Header.Get("X-Stainless-Retry-Count")})
	var f Fault
	if len(s.faults) > 0 {
		f, s.faults = s.faults[0], s.faults[1:]
	}
	s.mu.Unlock()
	if err != nil {
		http.Error(w, `{"error":{"message":"invalid JSON body","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return f, false
	}
	return f, true
}

// fail answers with status and the provider's error body.
func fail(w http.ResponseWriter, status int, anthropic bool) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After-Ms", "5")
	w.Header().Set("Retry-After", "0")
	w.WriteHeader(status)
	typ, msg := "server_error", "The server had an error while processing your request. Sorry about that!"
	if status == http.StatusTooManyRequests {
		typ, msg = "rate_limit_exceeded", "Rate limit reached for requests. Please try again in 5ms."
	}
	if anthropic {
		atyp := map[int]string{429: "rate_limit_error", 529: "overloaded_error", 500: "api_error"}[status]
		if atyp == "" {
			atyp = "api_error"
		}
		_, _ = fmt.Fprintf(w, `{"type":"error","error":{"type":%q,"message":%q},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}`, atyp, msg)
		return
	}
	_, _ = fmt.Fprintf(w, `{"error":{"message":%q,"type":%q,"param":null,"code":%q}}`, msg, typ, typ)
}

// sse writes a stream of events, applying the fault's cut.
type sse struct {
	w     http.ResponseWriter
	f     Fault
	count int
}

func newSSE(w http.ResponseWriter, f Fault) *sse {
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	return &sse{w: w, f: f}
}

// send writes one event (name may be ""); data is marshalled unless it is
// a string. After CutAfter events it aborts the connection.
func (s *sse) send(name string, data any) {
	if s.f.CutAfter > 0 && s.count == s.f.CutAfter {
		panic(http.ErrAbortHandler) // the client sees the chunked body end abruptly
	}
	s.count++
	var b strings.Builder
	if name != "" {
		b.WriteString("event: " + name + "\n")
	}
	text, ok := data.(string)
	if !ok {
		raw, _ := json.Marshal(data)
		text = string(raw)
	}
	b.WriteString("data: " + text + "\n\n")
	_, _ = io.WriteString(s.w, b.String())
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
}

// words splits the reply into stream deltas: "Paris", " is", " the", ...
func words(text string) []string {
	var out []string
	for i, w := range strings.Split(text, " ") {
		if i > 0 {
			w = " " + w
		}
		out = append(out, w)
	}
	return out
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
