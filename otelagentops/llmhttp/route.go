package llmhttp

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/agentops-go/sdk/semconv"
)

// apiKind is the LLM API an HTTP request calls.
type apiKind uint8

const (
	apiNone        apiKind = iota
	apiChat                // OpenAI(-compatible) chat completions
	apiCompletions         // OpenAI legacy completions
	apiEmbeddings          // OpenAI(-compatible) embeddings
	apiResponses           // OpenAI Responses API
	apiMessages            // Anthropic Messages API
)

// Providers the semconv package has no constant for.
const (
	providerOpenRouter = "openrouter"
	providerTogether   = "together"
	providerOllama     = "ollama"
)

// route returns the API a request calls, judged by method and path suffix
// alone, so that proxies, Azure deployments and gateways are recognised.
// Anything else is apiNone and passes through untouched.
func route(r *http.Request) apiKind {
	if r.Method != http.MethodPost || r.URL == nil {
		return apiNone
	}
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case strings.HasSuffix(p, "/chat/completions"):
		return apiChat
	case strings.HasSuffix(p, "/completions"):
		return apiCompletions
	case strings.HasSuffix(p, "/embeddings"):
		return apiEmbeddings
	case strings.HasSuffix(p, "/responses"):
		return apiResponses
	case strings.HasSuffix(p, "/messages") && !strings.Contains(p, "/threads/"):
		return apiMessages // not the Assistants API's /threads/{id}/messages
	}
	return apiNone
}

// operation is the OTel GenAI operation name of an API.
func (k apiKind) operation() string {
	switch k {
	case apiCompletions:
		return semconv.GenAIOperationNameTextCompletion
	case apiEmbeddings:
		return semconv.GenAIOperationNameEmbeddings
	}
	return semconv.GenAIOperationNameChat
}

// provider names the LLM provider from the host; an unknown host is
// "anthropic" for the Messages API and "openai" (compatible) otherwise.
func provider(u *url.URL, k apiKind) string {
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "api.openai.com":
		return semconv.GenAIProviderOpenAI
	case host == "api.anthropic.com":
		return semconv.GenAIProviderAnthropic
	case strings.HasSuffix(host, ".openai.azure.com"), strings.HasSuffix(host, ".cognitiveservices.azure.com"),
		strings.HasSuffix(host, ".services.ai.azure.com"):
		return semconv.GenAIProviderAzureOpenAI
	case host == "api.groq.com":
		return semconv.GenAIProviderGroq
	case host == "api.mistral.ai":
		return semconv.GenAIProviderMistral
	case host == "api.deepseek.com":
		return semconv.GenAIProviderDeepSeek
	case host == "api.x.ai":
		return semconv.GenAIProviderXAI
	case host == "api.perplexity.ai":
		return semconv.GenAIProviderPerplexity
	case host == "generativelanguage.googleapis.com":
		return semconv.GenAIProviderGemini
	case host == "openrouter.ai":
		return providerOpenRouter
	case host == "api.together.xyz", host == "api.together.ai":
		return providerTogether
	case u.Port() == "11434":
		return providerOllama
	}
	if k == apiMessages {
		return semconv.GenAIProviderAnthropic
	}
	return semconv.GenAIProviderOpenAI
}

// serverPort is the request's port, explicit or implied by its scheme.
func serverPort(u *url.URL) int {
	if port := u.Port(); port != "" { // Atoi("") would allocate its error
		if p, err := strconv.Atoi(port); err == nil {
			return p
		}
	}
	switch u.Scheme {
	case "https":
		return 443
	case "http":
		return 80
	}
	return 0
}

// azureDeployment returns the deployment an Azure OpenAI path names
// (".../deployments/{name}/chat/completions"), the model when the body
// names none.
func azureDeployment(u *url.URL) string {
	_, rest, ok := strings.Cut(u.Path, "/deployments/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}
