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

// legacyStandIn answers the AgentOps v2 REST API and records every request
// body under "legacy <route>". Session tokens are random; they are kept in
// tokens. When echo is set, update_session fails once with a body that
// echoes the key and the session token (a careless server).
type legacyStandIn struct {
	URL    string
	mu     sync.Mutex
	tokens []string
	echo   bool
}

func newLegacyStandIn(t *testing.T, c *captured, apiKey string) *legacyStandIn {
	t.Helper()
	l := &legacyStandIn{echo: true}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.add("legacy "+r.URL.Path, body)
		l.mu.Lock()
		defer l.mu.Unlock()
		switch r.URL.Path {
		case "/v2/create_session", "/v2/reauthorize_jwt":
			if r.Header.Get("X-Agentops-Api-Key") != apiKey {
				http.Error(w, `{"error":"bad key"}`, http.StatusBadRequest)
				return
			}
			tok := "legacy-session-jwt-" + rand.Text()
			l.tokens = append(l.tokens, tok)
			_ = json.NewEncoder(w).Encode(map[string]string{"status": "Success", "jwt": tok, "session_url": "https://app/drilldown"})
		case "/v2/update_session":
			if l.echo {
				l.echo = false
				bearer := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
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
