package sessiondoc

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// The settings both share configure either.
var (
	_ SinkOption   = WithLogger(nil)
	_ LegacyOption = WithMaxEvents(1)
)

// clearEnv unsets the variables this package reads, for the test.
func clearEnv(t *testing.T) {
	for _, name := range []string{envconfig.EnvSessionDir, envconfig.EnvAPIKey, envconfig.EnvAPIEndpoint} {
		t.Setenv(name, "")
	}
}

// TestSinkConfig: defaults, then AGENTOPS_SESSION_DIR, then options; a
// variable the sink does not use cannot refuse it.
func TestSinkConfig(t *testing.T) {
	clearEnv(t)
	t.Setenv(envconfig.EnvAPIEndpoint, "not a url")
	c, err := newSinkConfig(nil)
	if err != nil || c.dir != DefaultDir || c.maxSessions != 256 || c.maxEvents != 10000 || c.logger == nil {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	t.Setenv(envconfig.EnvSessionDir, " /from/env ")
	if c, _ := newSinkConfig(nil); c.dir != "/from/env" {
		t.Errorf("dir %q, want the variable's", c.dir)
	}
	if c, _ := newSinkConfig([]SinkOption{WithDir("/from/option"), nil}); c.dir != "/from/option" {
		t.Errorf("dir %q, want the option's", c.dir)
	}
	for _, opts := range [][]SinkOption{{WithDir("")}, {WithMaxSessions(0)}, {WithMaxEvents(-1)}} {
		if _, err := NewSink(opts...); err == nil {
			t.Errorf("NewSink accepted %d bad options", len(opts))
		}
	}
}

// TestLegacyConfig: defaults, then AGENTOPS_API_KEY and
// AGENTOPS_API_ENDPOINT, then options, then the checks, whose errors wrap
// the exporter package's sentinels and never show the key.
func TestLegacyConfig(t *testing.T) {
	clearEnv(t)
	if _, err := NewLegacy(); !errors.Is(err, exporter.ErrMissingAPIKey) {
		t.Errorf("no key: %v, want ErrMissingAPIKey", err)
	}
	t.Setenv(envconfig.EnvAPIKey, exportertest.APIKey)
	c, err := newLegacyConfig(nil)
	if err != nil || c.apiKey != exportertest.APIKey || c.apiEndpoint != envconfig.DefaultAPIEndpoint ||
		c.timeout != 10*time.Second || !strings.HasPrefix(c.userAgent, "agentops-go/") {
		t.Fatalf("defaults with the key from the environment: %+v, %v", c, err)
	}
	t.Setenv(envconfig.EnvAPIEndpoint, "http://localhost:9/")
	if c, err := newLegacyConfig(nil); err != nil || c.apiEndpoint != "http://localhost:9/" {
		t.Errorf("endpoint %q (%v), want the variable's", c.apiEndpoint, err)
	}
	if c, _ := newLegacyConfig([]LegacyOption{WithAPIEndpoint("https://api.example.com")}); c.apiEndpoint != "https://api.example.com" {
		t.Errorf("endpoint %q, want the option's", c.apiEndpoint)
	}
	t.Setenv(envconfig.EnvAPIEndpoint, "api.example.com")
	if _, err := newLegacyConfig(nil); err == nil || !strings.Contains(err.Error(), `AGENTOPS_API_ENDPOINT="api.example.com"`) {
		t.Errorf("bad variable: %v, want an error naming it and its value", err)
	}
	t.Setenv(envconfig.EnvAPIEndpoint, "")

	const bad = "secret-not-a-uuid"
	for _, tc := range []struct {
		name string
		opts []LegacyOption
		ok   bool
		is   error // what the error wraps, if anything in particular
	}{
		{"malformed key", []LegacyOption{WithAPIKey(bad)}, false, exporter.ErrMalformedAPIKey},
		{"plain http", []LegacyOption{WithAPIEndpoint("http://api.example.com")}, false, exporter.ErrInsecureEndpoint},
		{"plain http allowed", []LegacyOption{WithAPIEndpoint("http://api.example.com"), WithInsecure()}, true, nil},
		{"no timeout", []LegacyOption{WithTimeout(0)}, false, nil},
	} {
		l, err := NewLegacy(tc.opts...)
		if (err == nil) != tc.ok || (tc.is != nil && !errors.Is(err, tc.is)) {
			t.Errorf("%s: err = %v, want ok %v wrapping %v", tc.name, err, tc.ok, tc.is)
		}
		if err != nil && strings.Contains(err.Error(), bad) {
			t.Errorf("%s: the key appears in the error: %v", tc.name, err)
		}
		if l != nil {
			_ = l.Shutdown(t.Context())
		}
	}
}
