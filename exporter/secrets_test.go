package exporter

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/agentops-go/sdk/exporter/exportertest"
)

// TestAgentOpsScrubsEveryTokenItUsed: after a 401 the batch goes out again
// with a fresh token; a server whose next answer echoes the old, rejected
// token (whose JWT payload holds the API key) must not get it into the
// error or the log. Before the fix, only the fresh token was scrubbed.
func TestAgentOpsScrubsEveryTokenItUsed(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	logger, logs := newLogger()
	e := newAgentOps(t, srv, WithLogger(logger))
	if err := export(t, e, 1); err != nil {
		t.Fatal(err)
	}
	old := srv.Issued()[0]
	srv.RevokeAll()
	srv.QueueTraceStatus(http.StatusBadRequest, nil, "rejected "+old+" for key "+exportertest.APIKey)
	err := export(t, e, 1)
	if err == nil || srv.AuthCalls() != 2 {
		t.Fatalf("err = %v after %d auth calls; want the resent batch refused", err, srv.AuthCalls())
	}
	text := err.Error() + logs.String()
	for _, secret := range append(srv.Issued(), strings.Split(old, ".")[1], exportertest.APIKey) {
		if strings.Contains(text, secret) {
			t.Errorf("a credential appears in the error or the log: %s", text)
		}
	}
	if !strings.Contains(text, "[redacted]") {
		t.Errorf("the echoed token was not redacted: %s", text)
	}
}

// TestLegacyNeverSendsOrLogsCredentialsBeyondItsHeaders: the legacy REST
// exporter sends the key only in X-Agentops-Api-Key and the session token
// only as the bearer; no request body carries either, and a server that
// echoes both in its error answers gets them into no error and no log line.
func TestLegacyNeverSendsOrLogsCredentialsBeyondItsHeaders(t *testing.T) {
	const jwt = "legacy-session-token-3f9c2a"
	var mu sync.Mutex
	var bodies []string
	url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(data))
		mu.Unlock()
		switch r.URL.Path {
		case "/v2/create_session", "/v2/reauthorize_jwt":
			_, _ = io.WriteString(w, `{"status":"Success","jwt":"`+jwt+`"}`)
		case "/v2/create_events":
			http.Error(w, "expired "+r.Header.Get("Authorization"), http.StatusUnauthorized)
		default:
			http.Error(w, "broken for key "+exportertest.APIKey+" and "+r.Header.Get("Authorization"), http.StatusInternalServerError)
		}
	})
	logger, logs := newLogger()
	l, err := NewLegacy(WithAPIKey(exportertest.APIKey), WithAPIEndpoint(url), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Shutdown(t.Context())
	spans := sessionStubs().Snapshots()
	errs := []error{l.ExportSpans(t.Context(), spans[:2]), l.ExportSpans(t.Context(), spans[5:])}
	text := logs.String()
	for _, err := range errs {
		if err == nil {
			t.Fatal("a refused request returned no error")
		}
		text += "\n" + err.Error()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) < 4 {
		t.Fatalf("%d requests, want create, events, reauthorize, events (and update)", len(bodies))
	}
	for _, secret := range []string{exportertest.APIKey, jwt} {
		if strings.Contains(text, secret) {
			t.Errorf("%s appears in an error or a log line:\n%s", secret, text)
		}
		for _, b := range bodies {
			if strings.Contains(b, secret) {
				t.Errorf("%s appears in a request body: %s", secret, b)
			}
		}
	}
}
