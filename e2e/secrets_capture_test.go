package e2e_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// captured holds every byte the SDK sent out or wrote, by where it went.
type captured struct {
	mu    sync.Mutex
	blobs map[string][]byte // "otlp #3", "legacy /v2/create_events #5", "log", ...
	n     int
}

func (c *captured) add(where string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.blobs == nil {
		c.blobs = map[string][]byte{}
	}
	c.n++
	c.blobs[fmt.Sprintf("%s #%d", where, c.n)] = append([]byte(nil), data...)
}

// find returns where needle occurs (in blobs whose name starts with prefix).
func (c *captured) find(prefix, needle string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for where, data := range c.blobs {
		if strings.HasPrefix(where, prefix) && bytes.Contains(data, []byte(needle)) {
			out = append(out, where)
		}
	}
	return out
}

func (c *captured) count(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for where := range c.blobs {
		if strings.HasPrefix(where, prefix) {
			n++
		}
	}
	return n
}

// captureProxy forwards to target and records the raw body of every
// request to /v1/traces (the OTLP payloads) under "otlp". The auth
// request, which carries the API key by protocol, is forwarded unrecorded.
func captureProxy(t *testing.T, target string, c *captured) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	transport := &http.Transport{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.Transport = transport
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/v1/traces" {
			c.add("otlp", body)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		srv.Close()
		transport.CloseIdleConnections()
	})
	return srv.URL
}

// legacyStandIn answers the AgentOps v2 REST API as the server does: the
// key opens a session (create_session) or renews its token
// (reauthorize_jwt, for a session it knows); create_events and
// update_session want a token it issued and still honours, else 401, and
// events of that token's session. It records every request body under
// "legacy <route>", the tokens it issued (random) and the IDs of the events
// it accepted. It is careless: the first create_events carrying a session's
// original token is refused 401 (the token has expired) with a body that
// echoes the key and the token, and update_session fails once with a 500
// that echoes them too.
type legacyStandIn struct {
	URL      string
	mu       sync.Mutex
	tokens   []string
	known    map[string]bool   // session IDs create_session opened
	session  map[string]string // honoured token → its session ID
	original map[string]bool   // create_session tokens create_events has not seen yet
	reauths  int
	accepted []string // event IDs, in the order create_events accepted them
	echo     bool
}

func newLegacyStandIn(t *testing.T, c *captured, apiKey string) *legacyStandIn {
	t.Helper()
	l := &legacyStandIn{echo: true, known: map[string]bool{}, session: map[string]string{}, original: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.add("legacy "+r.URL.Path, body)
		var req struct {
			SessionID string `json:"session_id"` // reauthorize_jwt
			Session   struct {
				SessionID string `json:"session_id"`
			} `json:"session"`
			Events []struct {
				ID        string `json:"id"`
				SessionID string `json:"session_id"`
			} `json:"events"`
		}
		_ = json.Unmarshal(body, &req)
		bearer := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		l.mu.Lock()
		defer l.mu.Unlock()
		switch r.URL.Path {
		case "/v2/create_session", "/v2/reauthorize_jwt":
			sid, reauth := req.Session.SessionID, r.URL.Path == "/v2/reauthorize_jwt"
			if reauth {
				sid = req.SessionID
			}
			switch {
			case r.Header.Get("X-Agentops-Api-Key") != apiKey:
				http.Error(w, `{"error":"bad key"}`, http.StatusBadRequest)
				return
			case sid == "" || reauth && !l.known[sid]:
				http.Error(w, `{"error":"unknown session"}`, http.StatusNotFound)
				return
			}
			tok := "legacy-session-jwt-" + rand.Text()
			l.tokens, l.session[tok] = append(l.tokens, tok), sid
			if reauth {
				l.reauths++
			} else {
				l.original[tok], l.known[sid] = true, true
			}
			_ = json.NewEncoder(w).Encode(map[string]string{"status": "Success", "jwt": tok, "session_url": "https://app/drilldown"})
			return
		}
		sid, ok := l.session[bearer]
		if !ok || r.URL.Path == "/v2/create_events" && l.original[bearer] {
			delete(l.session, bearer)
			delete(l.original, bearer)
			http.Error(w, "expired: key "+apiKey+" token "+bearer, http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/v2/create_events":
			for _, e := range req.Events {
				if e.ID == "" || e.SessionID != sid {
					http.Error(w, "event "+e.ID+" is not of session "+sid, http.StatusBadRequest)
					return
				}
			}
			for _, e := range req.Events {
				l.accepted = append(l.accepted, e.ID)
			}
			_, _ = io.WriteString(w, `"Success"`)
		case "/v2/update_session":
			if l.echo {
				l.echo = false
				http.Error(w, "cannot update: key "+apiKey+" token "+bearer, http.StatusInternalServerError)
				return
			}
			_, _ = io.WriteString(w, `{"status":"success"}`)
		default:
			_, _ = io.WriteString(w, `"Success"`)
		}
	}))
	t.Cleanup(srv.Close)
	l.URL = srv.URL
	return l
}

func (l *legacyStandIn) issued() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.tokens...)
}

// reauthorized returns how many tokens reauthorize_jwt issued, and the IDs
// of the events create_events accepted.
func (l *legacyStandIn) reauthorized() (int, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reauths, append([]string(nil), l.accepted...)
}
