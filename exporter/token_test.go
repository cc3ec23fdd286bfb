package exporter

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/apihttp"
)

func TestParseToken(t *testing.T) {
	now := time.Now()
	enc := base64.RawURLEncoding.EncodeToString
	for _, tc := range []struct {
		name      string
		jwt       string
		wantErr   bool
		expires   bool
		projectID string
	}{
		{"agentops", exportertest.NewJWT(exportertest.APIKey, "p1", now.Add(30*24*time.Hour)), false, true, "p1"},
		{"opaque", "opaque-token", false, false, ""},
		{"bad payload", "a." + enc([]byte("{not json")) + ".c", false, false, ""},
		{"padded payload", "a." + enc([]byte(`{"exp":1e10}`)) + "==.c", false, true, ""},
		{"expired at receipt", exportertest.NewJWT(exportertest.APIKey, "p1", now.Add(-time.Hour)), false, false, "p1"},
		{"absurd exp", "a." + enc([]byte(`{"exp":1e300}`)) + ".c", false, false, ""},
		{"empty", "", true, false, ""},
		{"spaces", "a b", true, false, ""},
		{"huge", strings.Repeat("a", apihttp.MaxTokenLen+1), true, false, ""},
	} {
		tok, err := parseToken(tc.jwt, "", now)
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err = %v", tc.name, err)
			continue
		}
		if err != nil {
			continue
		}
		if !tok.expires.IsZero() != tc.expires || tok.projectID != tc.projectID {
			t.Errorf("%s: expires %v, project %q", tc.name, tok.expires, tok.projectID)
		}
	}
	tok, _ := parseToken(exportertest.NewJWT(exportertest.APIKey, "p", now.Add(time.Hour)), "", now)
	if tok.refreshDue(now.Add(49*time.Minute)) || !tok.refreshDue(now.Add(51*time.Minute)) || tok.expired(now.Add(59*time.Minute)) {
		t.Errorf("refresh at %v for expiry %v", tok.refreshAt, tok.expires)
	}
	short, _ := parseToken(exportertest.NewJWT(exportertest.APIKey, "p", now.Add(10*time.Second)), "", now)
	if short.refreshDue(now.Add(7*time.Second)) || !short.refreshDue(now.Add(9*time.Second)) {
		t.Errorf("short token: refresh at %v for expiry %v", short.refreshAt, short.expires)
	}
}

func FuzzParseToken(f *testing.F) {
	f.Add(exportertest.NewJWT(exportertest.APIKey, "p", time.Now().Add(time.Hour)))
	f.Add("a.eyJleHAiOjF9.c")
	f.Add("..")
	f.Fuzz(func(t *testing.T, jwt string) {
		tok, err := parseToken(jwt, "", time.Now())
		if err == nil && tok.jwt != jwt {
			t.Fatal("token changed")
		}
	})
}

// TestAuthHostileAnswers feeds the auth endpoint's client oversized,
// malformed and empty answers: each is an error, never a panic or an
// unbounded read.
func TestAuthHostileAnswers(t *testing.T) {
	for name, answer := range map[string]func(http.ResponseWriter){
		"huge": func(w http.ResponseWriter) {
			chunk := strings.Repeat("x", 1<<16)
			for range 256 { // 16 MiB
				if _, err := w.Write([]byte(chunk)); err != nil {
					return
				}
			}
		},
		"garbage":    func(w http.ResponseWriter) { _, _ = w.Write([]byte("\x00\xff{")) },
		"no token":   func(w http.ResponseWriter) { _, _ = w.Write([]byte(`{"project_id":"p"}`)) },
		"wrong type": func(w http.ResponseWriter) { _, _ = w.Write([]byte(`{"token":42}`)) },
		"empty":      func(http.ResponseWriter) {},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) { answer(w) })
			logger, _ := newLogger()
			cfg, _ := newConfig([]Option{WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv), WithLogger(logger)})
			hc, owned := apihttp.Client(nil, time.Second)
			defer owned.CloseIdleConnections()
			a := newAuthenticator(cfg, hc)
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			if tok, err := a.refresh(ctx, nil); err == nil {
				t.Fatalf("got a token %v from a hostile answer", tok != nil)
			}
		})
	}
}

// TestAgentOpsTokenRefreshConcurrentSafe exports from many goroutines while
// another keeps revoking every token (each export then re-authenticates),
// others read the project, and Shutdown finally races the exports. -race
// judges the token handling; no request may go out without a bearer, and
// once revocations stop, exports succeed again.
func TestAgentOpsTokenRefreshConcurrentSafe(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	e := newAgentOps(t, srv)
	stop := make(chan struct{})
	var wg, revoker sync.WaitGroup
	revoker.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				srv.RevokeAll()
			}
		}
	})
	var ok atomic.Int64
	for range 8 {
		wg.Go(func() {
			for range 15 {
				if export(t, e, 2) == nil {
					ok.Add(1)
				}
				_ = e.ProjectID()
			}
		})
	}
	wg.Wait()
	close(stop)
	revoker.Wait()
	if err := export(t, e, 1); err != nil {
		t.Errorf("export after the revocations stopped: %v", err)
	}
	for range 4 {
		wg.Go(func() { _ = e.ExportSpans(context.Background(), stubSpans(1)) })
	}
	wg.Go(func() { _ = e.Shutdown(context.Background()) })
	wg.Wait()
	for _, r := range srv.Requests() {
		if r.Bearer == "" {
			t.Fatal("a request went out without a bearer")
		}
	}
	t.Logf("%d of 120 exports succeeded with %d auth calls under revocation", ok.Load(), srv.AuthCalls())
}
