package apihttp

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestSnippet: an excerpt is scrubbed of every secret, printable, short,
// and never empty.
func TestSnippet(t *testing.T) {
	sec := Secrets{"key-123", "", "jwt-456"}
	for _, tc := range []struct{ body, want string }{
		{`{"error":"bad key key-123, token jwt-456"}`, `{"error":"bad key [redacted], token [redacted]"}`},
		{"  \n", "(empty body)"},
		{"bad \xff byte", "bad ? byte"},
		{strings.Repeat("é", 300), strings.Repeat("é", 200) + "…"},
	} {
		if got := sec.Snippet([]byte(tc.body)); got != tc.want {
			t.Errorf("Snippet(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
	if got := sec.Scrub("key-123key-123"); got != "[redacted][redacted]" {
		t.Errorf("Scrub = %q", got)
	}
}

// TestReadBodyIsBounded: no more than MaxResponseBody bytes are read.
func TestReadBodyIsBounded(t *testing.T) {
	if n := len(ReadBody(strings.NewReader(strings.Repeat("a", 2*MaxResponseBody)))); n != MaxResponseBody {
		t.Errorf("read %d bytes, want %d", n, MaxResponseBody)
	}
}

// TestClient: a client of its own (returned to be closed), or a copy of
// the one given, with the timeout only where it has none.
func TestClient(t *testing.T) {
	c, owned := Client(nil, time.Second)
	if owned == nil || c.Transport != owned || c.Timeout != time.Second {
		t.Errorf("own client: transport %v (owned %v), timeout %v", c.Transport, owned, c.Timeout)
	}
	owned.CloseIdleConnections()
	given := &http.Client{Transport: http.DefaultTransport, Timeout: time.Minute}
	c, owned = Client(given, time.Second)
	if owned != nil || c == given || c.Transport != http.DefaultTransport || c.Timeout != time.Minute {
		t.Errorf("given client: copy %v, owned %v, timeout %v", c != given, owned, c.Timeout)
	}
	if err := (&StatusError{What: "POST /x", Status: 418, Body: "teapot"}).Error(); err != "POST /x: HTTP 418: teapot" {
		t.Errorf("StatusError = %q", err)
	}
}
