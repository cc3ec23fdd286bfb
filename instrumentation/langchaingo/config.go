package otellangchaingo

import "github.com/agentops-go/sdk/otelagentops"

// Option configures a Handler.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// config is a Handler's resolved configuration.
type config struct {
	client   *otelagentops.Client // nil: otelagentops.Default() at each call
	provider string               // gen_ai.provider.name of the LLM calls
	model    string               // the model recorded when a call names none
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	return c
}

// WithClient records with c when the callback's context carries no
// session: into c's only active session. Default: otelagentops.Default()
// at the time of each callback. A session in the context always wins.
func WithClient(c *otelagentops.Client) Option {
	return optionFunc(func(cfg config) config { cfg.client = c; return cfg })
}

// WithProvider names the GenAI provider of the model the handler (or the
// model WrapModel wraps) records, as gen_ai.provider.name, e.g.
// semconv.GenAIProviderOpenAI. langchaingo's callbacks do not say it.
// Default: none recorded.
func WithProvider(provider string) Option {
	return optionFunc(func(cfg config) config { cfg.provider = provider; return cfg })
}

// WithModel names the model the LLM calls use when their call options name
// none (llms.WithModel): langchaingo's callbacks and responses do not say
// which model a client was built for, and the session prices calls by
// model. Default: none, and such calls count as unpriced.
func WithModel(model string) Option {
	return optionFunc(func(cfg config) config { cfg.model = model; return cfg })
}

// client returns the client to record with.
func (c config) recorder() *otelagentops.Client {
	if c.client != nil {
		return c.client
	}
	return otelagentops.Default()
}
