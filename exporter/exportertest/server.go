package exportertest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// Defaults of a Server.
const (
	APIKey    = "0b9e8f3a-5c1d-4e7f-9a2b-3c4d5e6f7a8b"
	ProjectID = "7d2c1b0a-9f8e-4d6c-8b5a-4a3b2c1d0e9f"
)

// TraceRequest is one request received on /v1/traces.
type TraceRequest struct {
	Bearer        string // the Authorization bearer token, "" without one
	UserAgent     string
	Gzip          bool
	Status        int         // the status the server answered
	Header        http.Header // the request's headers
	ResourceSpans []*tracepb.ResourceSpans
}

// Spans returns the spans of the request.
func (r TraceRequest) Spans() []*tracepb.Span {
	var out []*tracepb.Span
	for _, rs := range r.ResourceSpans {
		for _, ss := range rs.GetScopeSpans() {
			out = append(out, ss.GetSpans()...)
		}
	}
	return out
}

// Server is the AgentOps stand-in. URL serves both the API (auth) and the
// OTLP endpoint.
type Server struct {
	URL string
	srv *httptest.Server

	mu          sync.Mutex
	ttl         time.Duration
	authHold    chan struct{}
	authStatus  int
	authBody    string
	authCalls   int
	issued      []string
	revoked     map[string]bool
	traceStatus []traceAnswer
	requests    []TraceRequest
	anyBearer   bool // accept trace requests without a valid token
	counting    bool // count trace requests instead of recording them
	count       int
}

type traceAnswer struct {
	status int
	header map[string]string
	body   string
}

// NewServer starts a stand-in whose tokens live ttl (30 days when zero) and
// closes it when the test ends.
func NewServer(tb testing.TB, ttl time.Duration) *Server {
	tb.Helper()
	if ttl == 0 {
		ttl = 30 * 24 * time.Hour
	}
	s := &Server{ttl: ttl, revoked: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v3/auth/token", s.auth)
	mux.HandleFunc("POST /v1/traces", s.traces)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close releases a held auth endpoint and shuts the server down.
func (s *Server) Close() {
	s.ReleaseAuth()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// HoldAuth makes auth requests wait until ReleaseAuth.
func (s *Server) HoldAuth() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.authHold == nil {
		s.authHold = make(chan struct{})
	}
}

// ReleaseAuth lets held and later auth requests through.
func (s *Server) ReleaseAuth() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.authHold != nil {
		close(s.authHold)
		s.authHold = nil
	}
}

// FailAuth makes the auth endpoint answer status with body (status 0: back
// to normal).
func (s *Server) FailAuth(status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authStatus, s.authBody = status, body
}

// RevokeAll makes every token issued so far answer 401 on /v1/traces.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.issued {
		s.revoked[t] = true
	}
}

// QueueTraceStatus makes the next trace request answer status, with the
// headers and body given (after the bearer check).
func (s *Server) QueueTraceStatus(status int, header map[string]string, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.traceStatus = append(s.traceStatus, traceAnswer{status, header, body})
}

// AcceptAnyBearer makes the trace endpoint accept requests without a
// valid token, to serve as a plain OTLP receiver (for example as the
// baseline of a benchmark).
func (s *Server) AcceptAnyBearer() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.anyBearer = true
}

// CountOnly makes the server decode trace requests as before but only
// count them (see Count), so that memory stays flat under load.
func (s *Server) CountOnly() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counting = true
}

// Count returns the number of trace requests received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count + len(s.requests)
}

// AuthCalls returns the number of auth requests answered.
func (s *Server) AuthCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authCalls
}

// Issued returns the tokens issued, oldest first.
func (s *Server) Issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}

// Requests returns the trace requests received, oldest first.
func (s *Server) Requests() []TraceRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]TraceRequest(nil), s.requests...)
}

// Accepted returns the spans of the trace requests answered 200.
func (s *Server) Accepted() []*tracepb.Span {
	var out []*tracepb.Span
	for _, r := range s.Requests() {
		if r.Status == http.StatusOK {
			out = append(out, r.Spans()...)
		}
	}
	return out
}

func (s *Server) auth(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	hold := s.authHold
	s.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	var req struct {
		APIKey string `json:"api_key"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	_ = json.Unmarshal(body, &req)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.authCalls++
	w.Header().Set("Content-Type", "application/json")
	switch {
	case s.authStatus != 0:
		w.WriteHeader(s.authStatus)
		_, _ = io.WriteString(w, s.authBody)
	case len(req.APIKey) != 36:
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":"Invalid API key format"}`)
	case req.APIKey != APIKey:
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"error":"Invalid API key"}`)
	default:
		tok := NewJWT(req.APIKey, ProjectID, time.Now().Add(s.ttl))
		s.issued = append(s.issued, tok)
		_ = json.NewEncoder(w).Encode(map[string]string{"token": tok, "project_id": ProjectID, "project_prem_status": "free"})
	}
}

func (s *Server) traces(w http.ResponseWriter, r *http.Request) {
	rec := TraceRequest{UserAgent: r.UserAgent(), Gzip: r.Header.Get("Content-Encoding") == "gzip", Header: r.Header.Clone()}
	rec.Bearer, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	var body io.Reader = io.LimitReader(r.Body, 64<<20)
	if rec.Gzip {
		zr, err := gzip.NewReader(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	data, err := io.ReadAll(body)
	var req coltracepb.ExportTraceServiceRequest
	if err == nil {
		err = proto.Unmarshal(data, &req)
	}
	rec.ResourceSpans = req.GetResourceSpans()

	s.mu.Lock()
	defer s.mu.Unlock()
	answer := traceAnswer{status: http.StatusOK}
	switch {
	case err != nil:
		answer = traceAnswer{status: http.StatusBadRequest, body: err.Error()}
	case !s.anyBearer && !s.valid(rec.Bearer):
		answer = traceAnswer{status: http.StatusUnauthorized, body: `{"error":"invalid token"}`}
	case len(s.traceStatus) > 0:
		answer, s.traceStatus = s.traceStatus[0], s.traceStatus[1:]
	}
	rec.Status = answer.status
	if s.counting {
		s.count++
	} else {
		s.requests = append(s.requests, rec)
	}
	for k, v := range answer.header {
		w.Header().Set(k, v)
	}
	if answer.status == http.StatusOK {
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = io.Copy(w, bytes.NewReader(out))
		return
	}
	w.WriteHeader(answer.status)
	_, _ = io.WriteString(w, answer.body)
}

// valid reports whether tok was issued and not revoked. s.mu is held.
func (s *Server) valid(tok string) bool {
	if tok == "" || s.revoked[tok] {
		return false
	}
	for _, t := range s.issued {
		if t == tok {
			return true
		}
	}
	return false
}
