package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/internal/envconfig"
)

const testKey = "6f9c2a1e-4b7d-4c8e-9a3f-2d5e8b1c7a90"

func envOf(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

// TestConfigFromEveryVariable sets every variable the client reads to a
// value other than its default and checks that each reaches the resolved
// configuration (envconfig tests the parsing; this, the wiring).
func TestConfigFromEveryVariable(t *testing.T) {
	env := map[string]string{
		envconfig.EnvAPIKey: testKey, envconfig.EnvAPIEndpoint: "http://127.0.0.1:9", envconfig.EnvExporterEndpoint: "http://127.0.0.1:8",
		envconfig.EnvAppURL: "https://app.example/", envconfig.EnvDefaultTags: "a, b", envconfig.EnvAutoStartSession: "false",
		envconfig.EnvEnvDataOptOut: "true", envconfig.EnvMaxQueueSize: "64", envconfig.EnvBSPMaxExportBatch: "16",
		envconfig.EnvFlushInterval: "250", envconfig.EnvBSPExportTimeout: "700", envconfig.EnvSpanAttrValueLimit: "-1",
		envconfig.EnvLogLevel: "debug", envconfig.EnvTraceContent: "false", envconfig.EnvInheritedSessionID: "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11",
		envconfig.EnvOTelServiceName: "svc", envconfig.EnvSessionDir: "/tmp/s", envconfig.EnvOTLPEndpoint: "http://h:4318",
	}
	c, err := newConfig(envOf(env), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"apiKey", c.apiKey, testKey}, {"apiKeyFrom", c.apiKeyFrom, envconfig.EnvAPIKey},
		{"apiEndpoint", c.apiEndpoint, "http://127.0.0.1:9"}, {"exporterEndpoint", c.exporterEndpoint, "http://127.0.0.1:8"},
		{"appURL", c.appURL, "https://app.example"}, {"defaultTags", strings.Join(c.defaultTags, "|"), "a|b"},
		{"autoStartSession", c.autoStartSession, false}, {"envDataOptOut", c.envDataOptOut, true},
		{"maxQueueSize", c.maxQueueSize, 64}, {"maxExportBatchSize", c.maxExportBatchSize, 16},
		{"flushInterval", c.flushInterval, 250 * time.Millisecond}, {"exportTimeout", c.exportTimeout, 700 * time.Millisecond},
		{"attrValueLimit", c.attrValueLimit, -1}, {"logLevel", c.logLevel, slog.LevelDebug}, {"traceContent", c.traceContent, false},
		{"inheritedSessionID", c.inheritedSessionID, "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"}, {"serviceName", c.serviceName, "svc"},
		{"export.sessionDir", c.export.sessionDir, "/tmp/s"}, {"export.otlpURL", c.export.otlpURL, "http://h:4318/v1/traces"},
		{"export.otlpSource", c.export.otlpSource, envconfig.EnvOTLPEndpoint},
	} {
		if f.got != f.want {
			t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
}

func TestConfigPrecedence(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		opts  []Option
		check func(config) bool
	}{
		{"defaults", nil, nil, func(c config) bool {
			return c.apiEndpoint == "https://api.agentops.ai" && c.maxQueueSize == 512 && c.flushInterval == time.Second &&
				c.autoStartSession && c.traceContent && !c.envDataOptOut && c.logLevel == slog.LevelInfo && c.apiKey == "" &&
				c.attrValueLimit == 131072 && c.serviceName == "agentops" && c.appURL == "https://app.agentops.ai"
		}},
		{"options over env", map[string]string{envconfig.EnvMaxQueueSize: "64", envconfig.EnvTraceContent: "false", envconfig.EnvDefaultTags: "env",
			envconfig.EnvAPIKey: "not-a-uuid", envconfig.EnvOTLPEndpoint: "http://env:4318"},
			[]Option{WithMaxQueueSize(8), WithContentCapture(true), WithDefaultTags("opt"), WithAPIKey(testKey), WithOTLPEndpoint("http://opt:4318")},
			func(c config) bool {
				return c.maxQueueSize == 8 && c.traceContent && strings.Join(c.defaultTags, ",") == "opt" &&
					c.apiKey == testKey && c.apiKeyFrom == "WithAPIKey" && c.export.otlpURL == "http://opt:4318/v1/traces"
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := newConfig(envOf(tc.env), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("unexpected config %+v", c)
			}
		})
	}
}

func TestConfigErrorsNameVariableAndValue(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		opts []Option
		want []string
	}{
		// Every variable's errors are tested in envconfig; these reach New.
		{env: map[string]string{envconfig.EnvMaxQueueSize: "x", envconfig.EnvTraceContent: "y"}, want: []string{envconfig.EnvMaxQueueSize, envconfig.EnvTraceContent}},
		{env: map[string]string{envconfig.EnvAPIEndpoint: "ftp://x"}, opts: []Option{WithAPIEndpoint("https://ok.example")},
			want: []string{envconfig.EnvAPIEndpoint, `"ftp://x"`}},
		{opts: []Option{WithMaxQueueSize(0)}, want: []string{"max queue size"}},
		// Upper bounds: 2e9 used to pass, and New died allocating the queue.
		{env: map[string]string{envconfig.EnvMaxQueueSize: "2000000000"}, want: []string{`AGENTOPS_MAX_QUEUE_SIZE="2000000000"`, "1048576"}},
		{opts: []Option{WithMaxQueueSize(2_000_000_000)}, want: []string{"WithMaxQueueSize(2000000000)", "1048576"}},
		{opts: []Option{WithMaxExportBatchSize(1 << 20)}, want: []string{"WithMaxExportBatchSize(1048576)", "65536"}},
		{opts: []Option{WithAttributeValueLengthLimit(-7)}, want: []string{"WithAttributeValueLengthLimit(-7)", "16777216"}},
		{opts: []Option{WithExportTimeout(1000 * time.Hour)}, want: []string{"WithExportTimeout(1000h0m0s)", "24h"}},
		{env: map[string]string{envconfig.EnvSpanAttrValueLimit: "-7"}, want: []string{`OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT="-7"`}},
		{env: map[string]string{envconfig.EnvOTLPCompression: "zstd"}, want: []string{`OTEL_EXPORTER_OTLP_COMPRESSION="zstd"`}},
		{env: map[string]string{envconfig.EnvOTLPHeaders: "garbage"}, want: []string{"OTEL_EXPORTER_OTLP_HEADERS"}},
		{opts: []Option{WithFlushInterval(-time.Second)}, want: []string{"flush interval"}},
		{opts: []Option{WithAppURL("app.example")}, want: []string{"app URL", `"app.example"`}},
		{opts: []Option{WithInheritedSessionID("abc")}, want: []string{"inherited session ID", `"abc"`}},
		{opts: []Option{WithSessionProcessor(NewSessionProcessor())}, want: []string{"WithTracerProvider"}},
	} {
		_, err := newConfig(envOf(tc.env), tc.opts)
		if err == nil {
			t.Errorf("env %v opts %d: no error", tc.env, len(tc.opts))
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not name %s", err, w)
			}
		}
	}
}

// TestAPIKeyErrorNamesItsSource: a key that is not a UUID, from the
// environment or an option, fails with exporter.ErrMalformedAPIKey naming
// where it came from; no part of the key shows.
func TestAPIKeyErrorNamesItsSource(t *testing.T) {
	for _, key := range []string{"sk-live-0123456789abcdefSECRETwxyz", "tiny1", "6f9c2a1e4b7d4c8e9a3f2d5e8b1c7a90"} {
		for _, tc := range []struct {
			env  map[string]string
			opts []Option
			from string
		}{
			{map[string]string{envconfig.EnvAPIKey: key}, nil, envconfig.EnvAPIKey},
			{map[string]string{envconfig.EnvAPIKey: testKey}, []Option{WithAPIKey(key)}, "WithAPIKey"},
		} {
			_, err := newConfig(envOf(tc.env), tc.opts)
			if !errors.Is(err, exporter.ErrMalformedAPIKey) || errors.Is(err, exporter.ErrAPIKeyRejected) {
				t.Fatalf("key %q from %s: error %v, want exporter.ErrMalformedAPIKey", key, tc.from, err)
			}
			if !strings.Contains(err.Error(), tc.from) {
				t.Errorf("error %q does not name %s", err, tc.from)
			}
			for i := 0; i+4 <= len(key); i++ {
				if strings.Contains(err.Error(), key[i:i+4]) {
					t.Errorf("error %q shows %q of the key", err, key[i:i+4])
				}
			}
		}
	}
	if _, err := newConfig(envOf(map[string]string{envconfig.EnvAPIKey: testKey}), nil); err != nil {
		t.Errorf("valid key refused: %v", err)
	}
}

func TestParseSessionID(t *testing.T) {
	id := NewSessionID()
	for _, s := range []string{id.String(), strings.ToUpper(id.String()), id.TraceID().String(), " " + id.String() + "\n"} {
		got, err := ParseSessionID(s)
		if err != nil || got != id {
			t.Errorf("ParseSessionID(%q) = %v, %v; want %v", s, got, err, id)
		}
	}
	for _, s := range []string{"", "abc", "00000000-0000-0000-0000-000000000000", strings.Repeat("0", 32),
		"{" + id.String() + "}", "urn:uuid:" + id.String(), id.String() + "x", "\xff\xfe"} {
		if _, err := ParseSessionID(s); !errors.Is(err, ErrInvalidSessionID) {
			t.Errorf("ParseSessionID(%q) error %v, want ErrInvalidSessionID", s, err)
		}
	}
}

func TestRootSpanIDIsDeterministic(t *testing.T) {
	id := NewSessionID()
	if a, b := id.RootSpanID(), id.RootSpanID(); a != b || !a.IsValid() {
		t.Fatal("root span ID is not a stable valid ID")
	}
	// Pinned: other processes and other versions of the SDK derive the same ID.
	pinned, _ := ParseSessionID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11")
	if got := pinned.RootSpanID().String(); got != "6e812aa220b431ee" {
		t.Errorf("root span ID of 8f1b1a52-… = %s, want 6e812aa220b431ee (the derivation changed: joins across versions break)", got)
	}
	if NewSessionID().RootSpanID() == id.RootSpanID() {
		t.Error("two sessions derived the same root span ID")
	}
	sc := id.RootSpanContext()
	if !sc.IsRemote() || sc.TraceID() != id.TraceID() || sc.SpanID() != id.RootSpanID() {
		t.Errorf("RootSpanContext = %+v", sc)
	}
}

func TestDashboardURLForm(t *testing.T) {
	id, _ := ParseSessionID("8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11")
	for _, app := range []string{"https://app.agentops.ai", "https://app.agentops.ai/"} {
		c, err := New(context.Background(), WithAppURL(app), WithExporter(&keepingExporter{}))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.DashboardURL(id); got != "https://app.agentops.ai/sessions?trace_id=8f1b1a523c0e4a4e9b396f1c7e0f2d11" {
			t.Errorf("app URL %q: link %s", app, got)
		}
		_ = c.Shutdown(context.Background())
	}
}
