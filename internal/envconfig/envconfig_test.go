package envconfig

import (
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	testKey     = "6f9c2a1e-4b7d-4c8e-9a3f-2d5e8b1c7a90"
	testSession = "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"
)

func envOf(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestReadDefaults(t *testing.T) {
	c, err := Read(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		AgentOps:         AgentOps{APIEndpoint: DefaultAPIEndpoint, ExporterEndpoint: DefaultExporterEndpoint},
		Batch:            Batch{MaxQueueSize: 512, MaxExportBatchSize: 512, FlushInterval: time.Second, ExportTimeout: 30 * time.Second},
		AppURL:           "https://app.agentops.ai",
		AutoStartSession: true,
		LogLevel:         slog.LevelInfo,
		TraceContent:     true,
		ServiceName:      "agentops",
		AttrValueLimit:   131072,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Read(no variables) =\n%+v\nwant\n%+v", c, want)
	}
}

// TestReadEachVariable sets each variable alone, to a good value (with white
// space around it, which is trimmed) and to a bad one where it has any.
func TestReadEachVariable(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		got         func(Config) any
		want        any
		bad         string // "" when every value is accepted
	}{
		{EnvAPIKey, testKey, func(c Config) any { return c.APIKey }, testKey, ""},
		{EnvAPIEndpoint, "http://127.0.0.1:9", func(c Config) any { return c.APIEndpoint }, "http://127.0.0.1:9", "ftp://x"},
		{EnvExporterEndpoint, "https://otlp.example", func(c Config) any { return c.ExporterEndpoint }, "https://otlp.example", "otlp.example"},
		{EnvAppURL, "https://app.example", func(c Config) any { return c.AppURL }, "https://app.example", "://"},
		{EnvDefaultTags, "a, b,,c", func(c Config) any { return strings.Join(c.DefaultTags, "|") }, "a|b|c", ""},
		{EnvAutoStartSession, "false", func(c Config) any { return c.AutoStartSession }, false, "maybe"},
		{EnvEnvDataOptOut, "1", func(c Config) any { return c.EnvDataOptOut }, true, "yes"},
		{EnvMaxQueueSize, "64", func(c Config) any { return c.MaxQueueSize }, 64, "-3"},
		{EnvMaxWaitTime, "250", func(c Config) any { return c.FlushInterval }, 250 * time.Millisecond, "1s"},
		{EnvFlushInterval, "700", func(c Config) any { return c.FlushInterval }, 700 * time.Millisecond, "0"},
		{EnvLogLevel, "WARNING", func(c Config) any { return c.LogLevel }, slog.LevelWarn, "loud"},
		{EnvTraceContent, "false", func(c Config) any { return c.TraceContent }, false, "y"},
		{EnvInheritedSessionID, testSession, func(c Config) any { return c.InheritedSessionID }, testSession, "not-a-uuid"},
		{EnvSessionDir, "/tmp/s", func(c Config) any { return c.SessionDir }, "/tmp/s", ""},
		{EnvOTelCaptureContent, "false", func(c Config) any { return c.TraceContent }, false, "off"},
		{EnvOTelServiceName, "svc", func(c Config) any { return c.ServiceName }, "svc", ""},
		{EnvBSPMaxQueueSize, "10", func(c Config) any { return c.MaxQueueSize }, 10, "ten"},
		{EnvBSPScheduleDelay, "100", func(c Config) any { return c.FlushInterval }, 100 * time.Millisecond, "-1"},
		{EnvBSPExportTimeout, "5000", func(c Config) any { return c.ExportTimeout }, 5 * time.Second, "5s"},
		{EnvBSPMaxExportBatch, "32", func(c Config) any { return c.MaxExportBatchSize }, 32, "0"},
		{EnvAttrValueLimit, "100", func(c Config) any { return c.AttrValueLimit }, 100, "big"},
		{EnvSpanAttrValueLimit, "-1", func(c Config) any { return c.AttrValueLimit }, -1, "1.5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Read(envOf(map[string]string{tc.name: " " + tc.value + "\n"}))
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.got(c); got != tc.want {
				t.Errorf("%s=%q: got %v, want %v", tc.name, tc.value, got, tc.want)
			}
			if c, err := Read(envOf(map[string]string{tc.name: "  "})); err != nil || !reflect.DeepEqual(c, defaults(t)) {
				t.Errorf("%s set to white space: %v, %+v; want the defaults", tc.name, err, c)
			}
			if tc.bad == "" {
				return
			}
			c, err = Read(envOf(map[string]string{tc.name: tc.bad}))
			if err == nil || !strings.Contains(err.Error(), tc.name+"="+`"`+tc.bad+`"`) {
				t.Errorf("%s=%q: error %v, want one naming the variable and the value", tc.name, tc.bad, err)
			}
			if !reflect.DeepEqual(c, defaults(t)) {
				t.Errorf("%s=%q: the bad value replaced the default: %+v", tc.name, tc.bad, c)
			}
		})
	}
}

func defaults(t *testing.T) Config {
	t.Helper()
	c, err := Read(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestReadPrecedence(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		check func(Config) bool
	}{
		{"AgentOps names win over OTEL_BSP", map[string]string{EnvBSPMaxQueueSize: "10", EnvMaxQueueSize: "20", EnvBSPScheduleDelay: "100", EnvFlushInterval: "300"},
			func(c Config) bool { return c.MaxQueueSize == 20 && c.FlushInterval == 300*time.Millisecond }},
		{"flush interval wins over max wait time", map[string]string{EnvMaxWaitTime: "5000", EnvFlushInterval: "700", EnvBSPScheduleDelay: "9"},
			func(c Config) bool { return c.FlushInterval == 700*time.Millisecond }},
		{"max wait time wins over OTEL_BSP_SCHEDULE_DELAY", map[string]string{EnvMaxWaitTime: "5000", EnvBSPScheduleDelay: "9"},
			func(c Config) bool { return c.FlushInterval == 5*time.Second }},
		{"AgentOps content switch wins", map[string]string{EnvOTelCaptureContent: "false", EnvTraceContent: "true"},
			func(c Config) bool { return c.TraceContent }},
		{"span attribute limit wins", map[string]string{EnvAttrValueLimit: "100", EnvSpanAttrValueLimit: "200"},
			func(c Config) bool { return c.AttrValueLimit == 200 }},
		{"log level alias", map[string]string{EnvLogLevel: "critical"}, func(c Config) bool { return c.LogLevel == slog.LevelError }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Read(envOf(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("unexpected config %+v", c)
			}
		})
	}
}

func TestReadReportsEveryBadValue(t *testing.T) {
	_, err := Read(envOf(map[string]string{EnvMaxQueueSize: "x", EnvTraceContent: "y", EnvAPIEndpoint: "z"}))
	for _, name := range []string{EnvMaxQueueSize, EnvTraceContent, EnvAPIEndpoint} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
}

// TestReadNeverChecksTheKey: the key may be replaced by an option, so a bad
// one in the environment is the user's (CheckAPIKey) to refuse.
func TestReadNeverChecksTheKey(t *testing.T) {
	c, err := Read(envOf(map[string]string{EnvAPIKey: "not-a-uuid"}))
	if err != nil || c.APIKey != "not-a-uuid" {
		t.Errorf("Read = %q, %v", c.APIKey, err)
	}
}

func TestReadAgentOpsOnlyItsVariables(t *testing.T) {
	env := map[string]string{EnvAPIKey: testKey, EnvExporterEndpoint: "http://localhost:4318", EnvMaxQueueSize: "lots", EnvOTLPProtocol: "grpc"}
	a, err := ReadAgentOps(envOf(env))
	if err != nil {
		t.Fatalf("ReadAgentOps reported another variable: %v", err)
	}
	if want := (AgentOps{APIKey: testKey, APIEndpoint: DefaultAPIEndpoint, ExporterEndpoint: "http://localhost:4318"}); a != want {
		t.Errorf("ReadAgentOps = %+v, want %+v", a, want)
	}
	env[EnvAPIEndpoint] = "not a url"
	if _, err := ReadAgentOps(envOf(env)); err == nil || !strings.Contains(err.Error(), `AGENTOPS_API_ENDPOINT="not a url"`) {
		t.Errorf("err = %v, want it to name the variable and value", err)
	}
	if c, _ := Read(envOf(env)); c.AgentOps != (AgentOps{APIKey: testKey, APIEndpoint: DefaultAPIEndpoint, ExporterEndpoint: "http://localhost:4318"}) {
		t.Errorf("Read and ReadAgentOps differ: %+v", c.AgentOps)
	}
}

func TestParseSessionID(t *testing.T) {
	want := [16]byte{0x8f, 0x1b, 0x1a, 0x52, 0x3c, 0x0e, 0x4a, 0x4e, 0x9b, 0x39, 0x6f, 0x1c, 0x7e, 0x0f, 0x2d, 0x11}
	for _, s := range []string{testSession, strings.ToUpper(testSession), "8f1b1a523c0e4a4e9b396f1c7e0f2d11", " " + testSession + "\n"} {
		if got, ok := ParseSessionID(s); !ok || got != want {
			t.Errorf("ParseSessionID(%q) = %x, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "abc", "00000000-0000-0000-0000-000000000000", strings.Repeat("0", 32),
		"{" + testSession + "}", "urn:uuid:" + testSession, testSession + "x", "\xff\xfe"} {
		if got, ok := ParseSessionID(s); ok || got != ([16]byte{}) {
			t.Errorf("ParseSessionID(%q) = %x, %v; want refused", s, got, ok)
		}
	}
}
