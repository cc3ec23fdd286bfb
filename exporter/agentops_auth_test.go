package exporter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
)

func TestAgentOpsInvalidKey(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"format", http.StatusBadRequest, `{"error":"Invalid API key format"}`},
		{"unknown", http.StatusForbidden, `{"error":"Invalid API key"}`},
		{"unauthorized", http.StatusUnauthorized, `{"error":"Invalid API key"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := exportertest.NewServer(t, 0)
			srv.FailAuth(tc.status, tc.body)
			logger, logs := newLogger()
			e := newAgentOps(t, srv, WithLogger(logger))
			for range 3 {
				if err := export(t, e, 2); !errors.Is(err, ErrAPIKeyRejected) || errors.Is(err, ErrMalformedAPIKey) {
					t.Fatalf("err = %v, want ErrAPIKeyRejected", err)
				}
			}
			if srv.AuthCalls() != 1 || len(srv.Requests()) != 0 {
				t.Errorf("%d auth calls and %d trace requests; want 1 and 0", srv.AuthCalls(), len(srv.Requests()))
			}
			out := logs.String()
			if n := strings.Count(out, "level=ERROR"); n != 1 {
				t.Errorf("%d error lines, want 1:\n%s", n, out)
			}
			for _, want := range []string{envconfig.KeysURL, envconfig.EnvAPIKey, "Invalid API key"} {
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestAgentOpsNeverLeaksCredentials drives every failure path with a server
// that echoes the key and the token back, at debug level, and scans all
// logs and errors for them.
func TestAgentOpsNeverLeaksCredentials(t *testing.T) {
	logger, logs := newLogger()
	var errs []error
	key := exportertest.APIKey

	srv := exportertest.NewServer(t, 0)
	srv.FailAuth(http.StatusInternalServerError, `{"error":"bad key `+key+`"}`)
	e := newAgentOps(t, srv, WithLogger(logger))
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	errs = append(errs, e.ExportSpans(ctx, stubSpans(1)))
	cancel()
	srv.FailAuth(0, "")
	if err := export(t, e, 1); err != nil {
		t.Fatal(err)
	}
	tok := srv.Issued()[0]
	srv.QueueTraceStatus(http.StatusBadRequest, nil, "rejected "+key+" with token "+tok)
	errs = append(errs, export(t, e, 1))

	srv2 := exportertest.NewServer(t, 0)
	srv2.FailAuth(http.StatusForbidden, `{"error":"Invalid API key `+key+`"}`)
	e2 := newAgentOps(t, srv2, WithLogger(logger))
	errs = append(errs, export(t, e2, 1))

	_, err := NewAgentOps(t.Context(), WithAPIKey(key+"x"), WithLogger(logger))
	errs = append(errs, err)
	_, err = NewAgentOps(t.Context(), WithAPIKey(key), WithAPIEndpoint("http://example.com"), WithLogger(logger))
	errs = append(errs, err)

	text := logs.String()
	for _, err := range errs {
		if err == nil {
			t.Fatal("a failure path returned no error")
		}
		text += "\n" + err.Error()
	}
	for name, secret := range map[string]string{"API key": key, "JWT": tok, "JWT payload": strings.Split(tok, ".")[1]} {
		if strings.Contains(text, secret) {
			t.Errorf("the %s appears in logs or errors:\n%s", name, text)
		}
	}
	if !strings.Contains(text, "[redacted]") {
		t.Errorf("expected echoed secrets to be redacted:\n%s", text)
	}
}

func TestNewAgentOpsValidates(t *testing.T) {
	key := exportertest.APIKey
	for _, tc := range []struct {
		name string
		opts []Option
		want error
	}{
		{"no key", nil, ErrMissingAPIKey},
		{"not a uuid", []Option{WithAPIKey("secret-not-a-uuid")}, ErrMalformedAPIKey},
		{"plain http api", []Option{WithAPIKey(key), WithAPIEndpoint("http://api.example.com")}, ErrInsecureEndpoint},
		{"plain http otlp", []Option{WithAPIKey(key), WithExporterEndpoint("http://otlp.example.com")}, ErrInsecureEndpoint},
		{"insecure allowed", []Option{WithAPIKey(key), WithAPIEndpoint("http://10.1.2.3:1"), WithExporterEndpoint("http://10.1.2.3:1"), WithInsecure()}, nil},
		{"loopback", []Option{WithAPIKey(key), WithAPIEndpoint("http://localhost:1"), WithExporterEndpoint("http://[::1]:1")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lookupEnv = func(string) (string, bool) { return "", false }
			defer func() { lookupEnv = defaultLookupEnv }()
			logger, _ := newLogger()
			e, err := NewAgentOps(t.Context(), append(tc.opts, WithLogger(logger))...)
			if e != nil {
				defer e.Shutdown(context.Background())
			}
			if (tc.want == nil) != (err == nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret-not-a-uuid") {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
}

func TestAgentOpsEnvironment(t *testing.T) {
	t.Setenv(envconfig.EnvAPIEndpoint, "not a url")
	t.Setenv(envconfig.EnvAPIKey, exportertest.APIKey)
	_, err := NewAgentOps(t.Context())
	if err == nil || !strings.Contains(err.Error(), `AGENTOPS_API_ENDPOINT="not a url"`) {
		t.Fatalf("err = %v, want it to name the variable and value", err)
	}
}

// TestAgentOpsFromEnvironment: the key and both endpoints reach the
// exporter from the environment alone, and options win over them.
func TestAgentOpsFromEnvironment(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	t.Setenv(envconfig.EnvAPIKey, exportertest.APIKey)
	t.Setenv(envconfig.EnvAPIEndpoint, srv.URL)
	t.Setenv(envconfig.EnvExporterEndpoint, srv.URL)
	logger, _ := newLogger()
	e, err := NewAgentOps(t.Context(), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Shutdown(context.Background())
	if err := export(t, e, 2); err != nil || srv.AuthCalls() != 1 || len(srv.Accepted()) != 2 {
		t.Fatalf("export: %v, %d auth calls, %d spans; want nil, 1, 2", err, srv.AuthCalls(), len(srv.Accepted()))
	}
	if _, err := NewAgentOps(t.Context(), WithLogger(logger), WithAPIKey("not-a-uuid")); !errors.Is(err, ErrMalformedAPIKey) {
		t.Errorf("WithAPIKey over the environment: err = %v, want ErrMalformedAPIKey", err)
	}
}

func TestAgentOpsAfterShutdown(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	e := newAgentOps(t, srv)
	if err := e.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := e.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	// An export after Shutdown sends nothing and says so (the OTel exporter
	// contract), so that a counting caller does not count it as delivered.
	if err := export(t, e, 1); !errors.Is(err, ErrExporterShutdown) || len(srv.Requests()) != 0 {
		t.Fatalf("export after shutdown: %v, %d requests; want ErrExporterShutdown and none", err, len(srv.Requests()))
	}
}

// TestMalformedTokenAnswerIsNeverQuoted: a 200 answer that holds the token
// but cannot be read (a field of the wrong type) must not put the token,
// whose payload holds the API key, into an error or a log line.
func TestMalformedTokenAnswerIsNeverQuoted(t *testing.T) {
	jwt := exportertest.NewJWT(exportertest.APIKey, "project-1", time.Now().Add(time.Hour))
	logger, logs := newLogger()
	srv := exportertest.NewServer(t, 0)
	srv.FailAuth(http.StatusOK, `{"token":"`+jwt+`","project_id":123}`)
	e := newAgentOps(t, srv, WithLogger(logger))
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	err := e.ExportSpans(ctx, stubSpans(1))
	if err == nil {
		t.Fatal("an unreadable token answer let the export through")
	}
	text := logs.String() + "\n" + err.Error()
	// Even a prefix of the payload is a leak: it is the API key in base64.
	payload := strings.Split(jwt, ".")[1]
	for name, secret := range map[string]string{"JWT payload prefix": payload[:24], "API key": exportertest.APIKey} {
		if strings.Contains(text, secret) {
			t.Errorf("the %s appears in logs or errors:\n%s", name, text)
		}
	}
	if len(srv.Requests()) != 0 {
		t.Errorf("%d trace requests sent without a usable token", len(srv.Requests()))
	}
}

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
