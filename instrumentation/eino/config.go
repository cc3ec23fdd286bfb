package oteleino

import "github.com/agentops-go/sdk/otelagentops"

// Option configures a Handler.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// config is a Handler's resolved configuration.
type config struct {
	client    *otelagentops.Client // nil: otelagentops.Default() at each callback
	providers map[string]string    // chat model type (lower case) -> gen_ai.provider.name
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

// WithProvider names the GenAI provider (gen_ai.provider.name, e.g.
// semconv.GenAIProviderOpenAI) of the chat models whose type, as Eino's
// RunInfo.Type gives it (the model's GetType, e.g. "OpenAI"), is modelType,
// compared without case. The handler knows the types of the eino-ext
// models of the providers semconv names; a type it does not know is
// recorded as the provider in lower case. Calling it again for the same
// type replaces the provider.
func WithProvider(modelType, provider string) Option {
	return optionFunc(func(cfg config) config {
		m := make(map[string]string, len(cfg.providers)+1)
		for k, v := range cfg.providers {
			m[k] = v
		}
		m[lower(modelType)] = provider
		cfg.providers = m
		return cfg
	})
}

// recorder returns the client to record with.
func (c config) recorder() *otelagentops.Client {
	if c.client != nil {
		return c.client
	}
	return otelagentops.Default()
}
