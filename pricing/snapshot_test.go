package pricing

import (
	"strings"
	"testing"
)

func TestSnapshotParses(t *testing.T) {
	tab, meta, err := parseSnapshot(snapshotJSON)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Source != Source || meta.Commit != SnapshotCommit || meta.Retrieved != SnapshotDate {
		t.Errorf("header %+v disagrees with Source %q, SnapshotCommit %q, SnapshotDate %q",
			meta, Source, SnapshotCommit, SnapshotDate)
	}
	if meta.License == "" {
		t.Error("header has no license")
	}
	if got := Default().Len(); got != tab.Len() || got < 100 {
		t.Errorf("Default().Len() = %d, parsed %d; want the same, at least 100", got, tab.Len())
	}
	if a, b := Default(), Default(); a != b {
		t.Error("Default is not shared")
	}
}

func TestSnapshotEntries(t *testing.T) {
	tab := Default()
	for _, key := range tab.Models() {
		p := tab.prices[key]
		if key != strings.ToLower(key) || strings.Contains(key, "/") {
			t.Errorf("%s: key is not a bare lower-case model id", key)
		}
		if _, got, _ := tab.Lookup(key); got != key {
			t.Errorf("%s: Lookup of the key itself found %q", key, got)
		}
		if p.Provider == "" {
			t.Errorf("%s: no provider", key)
		}
		if p.Input <= 0 {
			t.Errorf("%s: input price %g, want > 0", key, p.Input)
		}
		switch p.Mode {
		case "chat", "responses":
			if p.Output <= 0 {
				t.Errorf("%s: output price %g, want > 0", key, p.Output)
			}
		case "embedding":
			if p.Output != 0 {
				t.Errorf("%s: embedding with output price %g", key, p.Output)
			}
		default:
			t.Errorf("%s: mode %q", key, p.Mode)
		}
		if p.CacheRead > p.Input {
			t.Errorf("%s: cache read %g costs more than input %g", key, p.CacheRead, p.Input)
		}
		if tr := p.Tier; tr.AboveTokens != 0 && (tr.AboveTokens < 100_000 || tr.Input < p.Input || tr.Output < p.Output) {
			t.Errorf("%s: implausible tier %+v", key, tr)
		}
	}
}

// TestSnapshotSpotChecks pins a few prices as read from the source, and the
// presence of the main models of each provider.
func TestSnapshotSpotChecks(t *testing.T) {
	tab := Default()
	want := map[string]Price{
		"gpt-4o":            {Input: 2.5e-6, Output: 1e-5, CacheRead: 1.25e-6, Provider: "openai", Mode: "chat"},
		"gpt-4o-2024-05-13": {Input: 5e-6, Output: 1.5e-5, Provider: "openai", Mode: "chat"},
		"claude-sonnet-4-5": {
			Input: 3e-6, Output: 1.5e-5, CacheRead: 3e-7, CacheWrite: 3.75e-6, Provider: "anthropic", Mode: "chat",
			Tier: Tier{AboveTokens: 200_000, Input: 6e-6, Output: 2.25e-5, CacheRead: 6e-7, CacheWrite: 7.5e-6},
		},
		"gemini-2.5-pro": {
			Input: 1.25e-6, Output: 1e-5, CacheRead: 1.25e-7, Provider: "gemini", Mode: "chat",
			Tier: Tier{AboveTokens: 200_000, Input: 2.5e-6, Output: 1.5e-5, CacheRead: 2.5e-7},
		},
		"grok-4-0709": {Input: 3e-6, Output: 1.5e-5, Provider: "xai", Mode: "chat",
			Tier: Tier{AboveTokens: 128_000, Input: 6e-6, Output: 3e-5}},
		"deepseek-chat":           {Input: 2.8e-7, Output: 4.2e-7, CacheRead: 2.8e-8, Provider: "deepseek", Mode: "chat"},
		"llama-3.3-70b-versatile": {Input: 5.9e-7, Output: 7.9e-7, Provider: "groq", Mode: "chat"},
		"text-embedding-3-small":  {Input: 2e-8, Provider: "openai", Mode: "embedding"},
	}
	for key, w := range want {
		if p, _, ok := tab.Lookup(key); !ok || p != w {
			t.Errorf("%s = %+v, %t; want %+v", key, p, ok, w)
		}
	}
	for _, key := range []string{
		"gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5", "gpt-5-mini", "gpt-5-nano",
		"o1", "o3", "o3-mini", "o4-mini", "gpt-3.5-turbo", "text-embedding-3-large", "text-embedding-ada-002",
		"claude-3-haiku-20240307", "claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514",
		"claude-sonnet-4-5-20250929", "claude-opus-4-20250514", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001",
		"gemini-2.0-flash", "gemini-2.5-flash", "gemini-2.5-flash-lite",
		"mistral-large-latest", "mistral-small-latest", "codestral-latest",
		"deepseek-reasoner", "grok-3", "grok-4", "llama-3.1-8b-instant",
	} {
		if _, got, ok := tab.Lookup(key); !ok || got != key {
			t.Errorf("%s missing (matched %q)", key, got)
		}
	}
}

func TestParseSnapshotErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"malformed", `{`, "unexpected end"},
		{"no models", `{"models": {}}`, "no models"},
		{"unknown field", `{"models": {"m": {"input_cost_per_token": 1, "input_cost_per_tokens": 1}}}`, `unknown field "input_cost_per_tokens"`},
		{"unknown tier field", `{"models": {"m": {"input_cost_per_token": 1, "output_cost_per_reasoning_token_above_200k_tokens": 1}}}`, "unknown field"},
		{"negative", `{"models": {"m": {"input_cost_per_token": 1, "output_cost_per_token": -1}}}`, "invalid price"},
		{"no input", `{"models": {"m": {"output_cost_per_token": 1}}}`, "input_cost_per_token missing"},
		{"string price", `{"models": {"m": {"input_cost_per_token": "1"}}}`, "input_cost_per_token"},
		{"bad threshold", `{"models": {"m": {"input_cost_per_token": 1, "input_cost_per_token_above_xk_tokens": 2}}}`, "bad tier threshold"},
		{"two thresholds", `{"models": {"m": {"input_cost_per_token": 1, "input_cost_per_token_above_128k_tokens": 2, "output_cost_per_token_above_200k_tokens": 2}}}`, "second tier threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseSnapshot([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
