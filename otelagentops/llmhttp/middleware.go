package llmhttp

import "net/http"

// Middleware returns a middleware of the shape openai-go's and
// anthropic-sdk-go's option.WithMiddleware take (their Middleware types are
// aliases of this function type), so one serves both without this package
// importing either:
//
//	client := openai.NewClient(option.WithMiddleware(llmhttp.Middleware()))
//
// Those SDKs call middleware once per HTTP attempt, inside their retry
// loop, so each attempt is its own span; a retry carries
// http.request.resend_count. The middleware is safe for concurrent use.
func Middleware(opts ...Option) func(*http.Request, func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	return newInstrumenter(opts).roundTrip
}

// NewTransport returns an http.RoundTripper that records the LLM API calls
// it carries and sends every request through base (http.DefaultTransport
// when nil), for go-openai and any other client built on an http.Client:
//
//	cfg := goopenai.DefaultConfig(key)
//	cfg.HTTPClient = &http.Client{Transport: llmhttp.NewTransport(nil)}
//
// It honours the RoundTripper contract: the request it is given is not
// modified, and its body is closed. It is safe for concurrent use.
func NewTransport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{base: base, in: newInstrumenter(opts)}
}

type transport struct {
	base http.RoundTripper
	in   *instrumenter
}

var _ http.RoundTripper = (*transport)(nil)

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	return t.in.roundTrip(r, t.base.RoundTrip)
}

// CloseIdleConnections closes the idle connections of the base transport,
// so that http.Client.CloseIdleConnections reaches it.
func (t *transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
