package pricing

import "testing"

// matchTable is a small table exercising every matching rule.
func matchTable() *Table {
	return NewTable(map[string]Price{
		"gpt-4o":                     {Input: 1},
		"gpt-4o-2024-05-13":          {Input: 2},
		"claude-sonnet-4-20250514":   {Input: 3},
		"claude-3-7-sonnet-20250219": {Input: 4},
		"gemini-2.5-pro":             {Input: 5},
		"Custom-Model":               {Input: 6},
		"acme/special":               {Input: 7},
		"mistral-large-latest":       {Input: 8},
		"model-a-2024-01-01":         {Input: 9},
		"model-a-2025-01-01":         {Input: 10},
	})
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, model, wantKey string
	}{
		{"exact", "gpt-4o", "gpt-4o"},
		{"exact dated key beats its base", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"},
		{"dashed date suffix", "gpt-4o-2024-08-06", "gpt-4o"},
		{"upper case", "GPT-4o", "gpt-4o"},
		{"provider prefix", "openai/gpt-4o", "gpt-4o"},
		{"prefix and date", "azure/gpt-4o-2024-11-20", "gpt-4o"},
		{"prefix, case and exact dated key", "OpenAI/GPT-4o-2024-05-13", "gpt-4o-2024-05-13"},
		{"gemini models/ prefix", "models/gemini-2.5-pro", "gemini-2.5-pro"},
		{"nested prefix", "vertex_ai/google/gemini-2.5-pro", "gemini-2.5-pro"},
		{"undated name finds dated key", "claude-sonnet-4", "claude-sonnet-4-20250514"},
		{"compact date suffix", "claude-sonnet-4-20990101", "claude-sonnet-4-20250514"},
		{"vertex @ version", "claude-sonnet-4@20250514", "claude-sonnet-4-20250514"},
		{"-latest finds dated key", "anthropic/claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219"},
		{"key with upper case", "custom-model", "Custom-Model"},
		{"key with prefix", "special", "acme/special"},
		{"key with -latest", "mistral-large", "mistral-large-latest"},
		{"several dated keys: latest wins", "model-a", "model-a-2025-01-01"},
		{"several dated keys: exact still wins", "model-a-2024-01-01", "model-a-2024-01-01"},
	}
	tab := matchTable()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, key, ok := tab.Lookup(tt.model)
			if !ok || key != tt.wantKey {
				t.Fatalf("Lookup(%q) = %q, %t; want %q", tt.model, key, ok, tt.wantKey)
			}
			if want := tab.prices[tt.wantKey]; p != want {
				t.Errorf("Lookup(%q) price = %+v, want %+v", tt.model, p, want)
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	tab := matchTable()
	for _, model := range []string{
		"",
		"gpt-4o-mini",        // no prefix matching
		"gpt-4o-mini-tts",    // no prefix matching
		"gpt-4",              // nor the other way round
		"mistral-large-2411", // a YYMM version is not a date
		"gpt-4o/",            // nothing after the prefix separator
		"ft:gpt-4o:acme::abc123",
		"-latest",
	} {
		if _, key, ok := tab.Lookup(model); ok {
			t.Errorf("Lookup(%q) = %q, want no match", model, key)
		}
	}
	var nilTable *Table
	if _, _, ok := nilTable.Lookup("gpt-4o"); ok {
		t.Error("nil table matched a model")
	}
}

func TestStripVersion(t *testing.T) {
	tests := []struct{ in, want string }{
		{"gpt-4o-2024-08-06", "gpt-4o"},
		{"claude-3-5-sonnet-20241022", "claude-3-5-sonnet"},
		{"claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-v2"},
		{"text-unicorn@001", "text-unicorn"},
		{"claude-3-7-sonnet-latest", "claude-3-7-sonnet"},
		{"gpt-4o", "gpt-4o"},
		{"mistral-large-2411", "mistral-large-2411"},
		{"gpt-3.5-turbo-0125", "gpt-3.5-turbo-0125"},
		{"grok-4-0709", "grok-4-0709"},
		{"x-12345678", "x-12345678"},     // not a 19xx/20xx year
		{"x-2024-13-1x", "x-2024-13-1x"}, // not digits
		{"-2024-08-06", "-2024-08-06"},   // nothing would be left
		{"@v1", "@v1"},
		{"-latest", "-latest"},
	}
	for _, tt := range tests {
		if got := stripVersion(tt.in); got != tt.want {
			t.Errorf("stripVersion(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLookupAllocs(t *testing.T) {
	tab := Default()
	for _, model := range []string{
		"gpt-4o",                        // exact
		"openai/gpt-4o-2099-01-01",      // prefix and date
		"anthropic/claude-sonnet-4-5@x", // prefix and version
		"no-such-model",                 // unpriced
	} {
		if n := testing.AllocsPerRun(100, func() { tab.Lookup(model) }); n != 0 {
			t.Errorf("Lookup(%q) allocates %v times, want 0", model, n)
		}
	}
}
