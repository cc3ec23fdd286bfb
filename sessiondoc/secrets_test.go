package sessiondoc

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/agentops-go/sdk/exporter/exportertest"
)

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
