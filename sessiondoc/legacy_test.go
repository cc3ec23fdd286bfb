package sessiondoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// legacyServer stands in for an AgentOps v2 REST server.
type legacyServer struct {
	*httptest.Server
	mu      sync.Mutex
	valid   map[string]bool // session JWTs currently valid
	n       int
	calls   []legacyCall
	badKeys bool
}

type legacyCall struct {
	route, key, bearer, contentType string
	body                            map[string]json.RawMessage
	raw                             []byte // the body as sent
}

func newLegacyServer(t *testing.T) *legacyServer {
	s := &legacyServer{valid: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

func (s *legacyServer) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := legacyCall{route: r.URL.Path, key: r.Header.Get("X-Agentops-Api-Key"), contentType: r.Header.Get("Content-Type")}
	c.bearer, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	data, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(data, &c.body)
	c.raw = data
	s.calls = append(s.calls, c)
	switch r.URL.Path {
	case "/v2/create_session", "/v2/reauthorize_jwt":
		if s.badKeys || c.key != exportertest.APIKey {
			http.Error(w, `{"error":"invalid key `+c.key+`"}`, http.StatusBadRequest)
			return
		}
		s.n++
		jwt := fmt.Sprintf("session-jwt-%d", s.n)
		s.valid[jwt] = true
		_ = json.NewEncoder(w).Encode(map[string]string{"status": "Success", "jwt": jwt, "session_url": "https://app/drilldown?session_id=x"})
	case "/v2/create_events", "/v2/update_session":
		if !s.valid[c.bearer] {
			http.Error(w, "expired", http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, `"Success"`)
	default:
		http.NotFound(w, r)
	}
}

func (s *legacyServer) expireAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.valid = map[string]bool{}
}

func (s *legacyServer) routes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, c := range s.calls {
		out = append(out, c.route)
	}
	return out
}

func newLegacy(t *testing.T, srv *legacyServer) (*Legacy, *logBuffer) {
	logger, logs := newLogger()
	l, err := NewLegacy(WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Shutdown(t.Context()) })
	return l, logs
}

func TestLegacySessionLifecycle(t *testing.T) {
	srv := newLegacyServer(t)
	l, _ := newLegacy(t, srv)
	spans := sessionStubs().Snapshots()
	if err := l.ExportSpans(t.Context(), spans[:3]); err != nil {
		t.Fatal(err)
	}
	srv.expireAll()
	if err := l.ExportSpans(t.Context(), spans[3:]); err != nil {
		t.Fatal(err)
	}
	want := "/v2/create_session /v2/create_events /v2/create_events /v2/reauthorize_jwt /v2/create_events /v2/update_session"
	if got := strings.Join(srv.routes(), " "); got != want {
		t.Fatalf("routes:\n got %s\nwant %s", got, want)
	}
	var events int
	for _, c := range srv.calls {
		if c.contentType != "application/json; charset=UTF-8" {
			t.Errorf("%s: content type %q", c.route, c.contentType)
		}
		switch c.route {
		case "/v2/create_session":
			if c.bearer != "" || c.key == "" {
				t.Errorf("create_session: want the key header and no bearer")
			}
		case "/v2/create_events":
			var evs []Event
			_ = json.Unmarshal(c.body["events"], &evs)
			if c.bearer != "" && srv.valid[c.bearer] {
				events += len(evs)
			}
		case "/v2/update_session":
			var s Session
			_ = json.Unmarshal(c.body["session"], &s)
			if s.EndState != "Success" || s.InitTimestamp.IsZero() || s.EndTimestamp.IsZero() || c.bearer != "session-jwt-2" {
				t.Errorf("update_session: %+v with bearer %q", s, c.bearer)
			}
		}
	}
	if events != 1 {
		t.Errorf("%d events accepted after renewal, want 1 (the recorded error of the second batch)", events)
	}
}

func TestLegacyInvalidKey(t *testing.T) {
	srv := newLegacyServer(t)
	srv.badKeys = true
	l, logs := newLegacy(t, srv)
	for range 2 {
		if err := l.ExportSpans(t.Context(), sessionStubs().Snapshots()); !errors.Is(err, exporter.ErrAPIKeyRejected) {
			t.Fatalf("err = %v, want exporter.ErrAPIKeyRejected", err)
		}
	}
	if n := len(srv.routes()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
	out := logs.String()
	if strings.Count(out, "level=ERROR") != 1 || !strings.Contains(out, envconfig.KeysURL) {
		t.Errorf("want one error naming where to find a key:\n%s", out)
	}
	if strings.Contains(out, exportertest.APIKey) {
		t.Errorf("the key appears in the log:\n%s", out)
	}
}

func TestNewLegacyValidates(t *testing.T) {
	if _, err := NewLegacy(WithAPIKey(exportertest.APIKey), WithAPIEndpoint("http://api.example.com")); !errors.Is(err, exporter.ErrInsecureEndpoint) {
		t.Errorf("err = %v, want exporter.ErrInsecureEndpoint", err)
	}
}

// TestLegacyMalformedSessionAnswerIsNeverQuoted: a create_session answer
// that holds the session token but cannot be read must not put the token
// into the error.
func TestLegacyMalformedSessionAnswerIsNeverQuoted(t *testing.T) {
	jwt := exportertest.NewJWT(exportertest.APIKey, "project-1", time.Now().Add(time.Hour))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"status":"Success","jwt":"`+jwt+`","session_url":42}`)
	}))
	defer srv.Close()
	logger, logs := newLogger()
	l, err := NewLegacy(WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Shutdown(t.Context()) }()
	err = l.ExportSpans(t.Context(), sessionStubs().Snapshots())
	if err == nil {
		t.Fatal("an unreadable create_session answer let the export through")
	}
	text := logs.String() + "\n" + err.Error()
	if prefix := strings.Split(jwt, ".")[1][:24]; strings.Contains(text, prefix) {
		t.Errorf("the session token appears in the error or log:\n%s", text)
	}
}

// TestLegacyRenewalNeverQuotesTheExpiredToken has the server echo the
// session's expired token where the exporter no longer sends it: in the
// reauthorize_jwt error, and in the error of the request sent again with
// the new token. Neither may reach the error or the log.
func TestLegacyRenewalNeverQuotesTheExpiredToken(t *testing.T) {
	const expired, fresh = "expired-token-xyzzy", "fresh-token-plugh"
	for _, failAt := range []string{"/v2/reauthorize_jwt", "resend"} {
		t.Run(failAt, func(t *testing.T) {
			var mu sync.Mutex
			renewed := false
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				bearer, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
				switch {
				case r.URL.Path == "/v2/create_session":
					_, _ = io.WriteString(w, `{"status":"Success","jwt":"`+expired+`"}`)
				case r.URL.Path == "/v2/reauthorize_jwt" && failAt == r.URL.Path:
					http.Error(w, "cannot renew "+expired, http.StatusInternalServerError)
				case r.URL.Path == "/v2/reauthorize_jwt":
					renewed = true
					_, _ = io.WriteString(w, `{"status":"Success","jwt":"`+fresh+`"}`)
				case bearer == expired:
					http.Error(w, "expired", http.StatusUnauthorized)
				case renewed:
					http.Error(w, "token "+expired+" was replaced by "+fresh, http.StatusInternalServerError)
				}
			}))
			defer srv.Close()
			logger, logs := newLogger()
			l, err := NewLegacy(WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithLogger(logger))
			if err != nil {
				t.Fatal(err)
			}
			err = l.ExportSpans(t.Context(), sessionStubs().Snapshots())
			_ = l.Shutdown(t.Context())
			if err == nil {
				t.Fatal("the export succeeded against a server that failed it")
			}
			text := logs.String() + "\n" + err.Error()
			for _, secret := range []string{expired, fresh, exportertest.APIKey} {
				if strings.Contains(text, secret) {
					t.Errorf("%q appears in the error or log:\n%s", secret, text)
				}
			}
		})
	}
}
