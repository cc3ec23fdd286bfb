package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

const testKey = "6f9c2a1e-4b7d-4c8e-9a3f-2d5e8b1c7a90"

func envOf(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestConfigPrecedence(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		opts  []Option
		check func(config) bool
	}{
		{"defaults", nil, nil, func(c config) bool {
			return c.apiEndpoint == DefaultAPIEndpoint && c.maxQueueSize == 512 && c.flushInterval == time.Second &&
				c.autoStartSession && c.traceContent && !c.envDataOptOut && c.logLevel == slog.LevelInfo
		}},
		{"env over defaults", map[string]string{
			envAPIKey: testKey, envAPIEndpoint: "http://127.0.0.1:9", envDefaultTags: "a, b,,c",
			envAutoStartSession: "false", envEnvDataOptOut: "true", envMaxQueueSize: "64",
			envMaxWaitTime: "250", envLogLevel: "DEBUG", envTraceContent: "false",
		}, nil, func(c config) bool {
			return c.apiKey == testKey && c.apiEndpoint == "http://127.0.0.1:9" && strings.Join(c.defaultTags, "|") == "a|b|c" &&
				!c.autoStartSession && c.envDataOptOut && c.maxQueueSize == 64 &&
				c.flushInterval == 250*time.Millisecond && c.logLevel == slog.LevelDebug && !c.traceContent
		}},
		{"options over env", map[string]string{envMaxQueueSize: "64", envTraceContent: "false", envDefaultTags: "env"},
			[]Option{WithMaxQueueSize(8), WithContentCapture(true), WithDefaultTags("opt")}, func(c config) bool {
				return c.maxQueueSize == 8 && c.traceContent && strings.Join(c.defaultTags, ",") == "opt"
			}},
		{"agentops names win over OTEL_BSP", map[string]string{envBSPMaxQueueSize: "10", envMaxQueueSize: "20", envBSPScheduleDelay: "100", envFlushInterval: "300"},
			nil, func(c config) bool { return c.maxQueueSize == 20 && c.flushInterval == 300*time.Millisecond }},
		{"flush interval wins over max wait time", map[string]string{envMaxWaitTime: "5000", envFlushInterval: "700"},
			nil, func(c config) bool { return c.flushInterval == 700*time.Millisecond }},
		{"OTel content switch", map[string]string{envOTelCaptureContent: "false"}, nil, func(c config) bool { return !c.traceContent }},
		{"AgentOps content switch wins", map[string]string{envOTelCaptureContent: "false", envTraceContent: "true"}, nil,
			func(c config) bool { return c.traceContent }},
		{"inherited session", map[string]string{envInheritedSessionID: "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11"}, nil,
			func(c config) bool { return c.inheritedSessionID == "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11" }},
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
		{env: map[string]string{envMaxQueueSize: "lots"}, want: []string{envMaxQueueSize, `"lots"`}},
		{env: map[string]string{envMaxQueueSize: "-3"}, want: []string{envMaxQueueSize, `"-3"`}},
		{env: map[string]string{envAutoStartSession: "maybe"}, want: []string{envAutoStartSession, `"maybe"`}},
		{env: map[string]string{envLogLevel: "loud"}, want: []string{envLogLevel, `"loud"`}},
		{env: map[string]string{envAPIEndpoint: "ftp://x"}, want: []string{envAPIEndpoint, `"ftp://x"`}},
		{env: map[string]string{envInheritedSessionID: "not-a-uuid"}, want: []string{envInheritedSessionID, `"not-a-uuid"`}},
		{env: map[string]string{envFlushInterval: "1s"}, want: []string{envFlushInterval, `"1s"`}},
		{env: map[string]string{envMaxQueueSize: "x", envTraceContent: "y"}, want: []string{envMaxQueueSize, envTraceContent}},
		{opts: []Option{WithMaxQueueSize(0)}, want: []string{"max queue size"}},
		{opts: []Option{WithFlushInterval(-time.Second)}, want: []string{"flush interval"}},
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

func TestAPIKeyErrorShowsAtMostLastFour(t *testing.T) {
	for _, key := range []string{"sk-live-0123456789abcdefSECRETwxyz", "tiny1", "6f9c2a1e4b7d4c8e9a3f2d5e8b1c7a90"} {
		_, err := newConfig(envOf(map[string]string{envAPIKey: key}), nil)
		if !errors.Is(err, ErrInvalidAPIKey) {
			t.Fatalf("key %q: error %v, want ErrInvalidAPIKey", key, err)
		}
		for i := 0; i+5 <= len(key); i++ {
			if strings.Contains(err.Error(), key[i:i+5]) {
				t.Errorf("error %q shows 5+ characters of the key (%q)", err, key[i:i+5])
			}
		}
		_, err = newConfig(envOf(nil), []Option{WithAPIKey(key)})
		if !errors.Is(err, ErrInvalidAPIKey) || strings.Contains(err.Error(), key) {
			t.Errorf("option key %q: error %v", key, err)
		}
	}
	if _, err := newConfig(envOf(map[string]string{envAPIKey: testKey}), nil); err != nil {
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
