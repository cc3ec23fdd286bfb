package llmhttp

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/agentops-go/sdk/otelagentops"
)

func TestRouteAndProvider(t *testing.T) {
	tests := []struct {
		method, url string
		kind        apiKind
		provider    string
		port        int
	}{
		{"POST", "https://api.openai.com/v1/chat/completions", apiChat, "openai", 443},
		{"POST", "https://api.openai.com/v1/completions", apiCompletions, "openai", 443},
		{"POST", "https://api.openai.com/v1/embeddings", apiEmbeddings, "openai", 443},
		{"POST", "https://api.openai.com/v1/responses", apiResponses, "openai", 443},
		{"GET", "https://api.openai.com/v1/responses/resp_1", apiNone, "", 0},
		{"GET", "https://api.openai.com/v1/chat/completions", apiNone, "", 0},
		{"POST", "https://api.openai.com/v1/threads/th_1/messages", apiNone, "", 0},
		{"POST", "https://api.anthropic.com/v1/messages", apiMessages, "anthropic", 443},
		{"POST", "https://api.anthropic.com/v1/messages/count_tokens", apiNone, "", 0},
		{"POST", "https://acme.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21", apiChat, "azure.ai.openai", 443},
		{"POST", "https://api.groq.com/openai/v1/chat/completions", apiChat, "groq", 443},
		{"POST", "https://api.mistral.ai/v1/chat/completions", apiChat, "mistral_ai", 443},
		{"POST", "https://api.deepseek.com/chat/completions", apiChat, "deepseek", 443},
		{"POST", "https://openrouter.ai/api/v1/chat/completions/", apiChat, "openrouter", 443},
		{"POST", "https://api.together.xyz/v1/chat/completions", apiChat, "together", 443},
		{"POST", "http://localhost:11434/v1/chat/completions", apiChat, "ollama", 11434},
		{"POST", "http://127.0.0.1:8000/v1/chat/completions", apiChat, "openai", 8000}, // vLLM
		{"POST", "http://proxy.internal/anthropic/v1/messages", apiMessages, "anthropic", 80},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		kind := route(&http.Request{Method: tt.method, URL: u})
		if kind != tt.kind {
			t.Errorf("%s %s: kind %d, want %d", tt.method, tt.url, kind, tt.kind)
			continue
		}
		if kind == apiNone {
			continue
		}
		if p := provider(u, kind); p != tt.provider {
			t.Errorf("%s: provider %q, want %q", tt.url, p, tt.provider)
		}
		if p := serverPort(u); p != tt.port {
			t.Errorf("%s: port %d, want %d", tt.url, p, tt.port)
		}
	}
	u, _ := url.Parse(tests[9].url)
	if d := azureDeployment(u); d != "prod-4o" {
		t.Errorf("Azure deployment %q", d)
	}
}

func TestUsageDetails(t *testing.T) {
	for _, tc := range []struct {
		body string
		want otelagentops.Usage
	}{
		{`{"usage":{"prompt_tokens":1500,"completion_tokens":700,"total_tokens":2200,"prompt_tokens_details":{"cached_tokens":1280},"completion_tokens_details":{"reasoning_tokens":512}}}`,
			otelagentops.Usage{InputTokens: 1500, OutputTokens: 700, TotalTokens: 2200, CacheReadTokens: 1280, ReasoningTokens: 512}},
		{`{"usage":{"prompt_tokens":90,"completion_tokens":10,"total_tokens":100,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":26}}`,
			otelagentops.Usage{InputTokens: 90, OutputTokens: 10, TotalTokens: 100, CacheReadTokens: 64}},
		{`{"usage":null}`, otelagentops.Usage{}},
	} {
		res := newResult(1024)
		parseOpenAI([]byte(tc.body), res)
		if res.usage != tc.want {
			t.Errorf("%s: got %+v", tc.body, res.usage)
		}
	}
}
