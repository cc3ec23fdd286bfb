package otellangchaingo

import (
	"context"
	"sync"
	"time"

	"github.com/tmc/langchaingo/llms"
)

// WrapModel returns m recording each GenerateContent call as one LLM call
// span, a child of the innermost open span of the run (else of ctx's span),
// with the call's model and parameters from its call options (else the
// handler's WithModel and WithProvider), its messages, response and token
// usage, its error, and for a streamed call the time to the first chunk.
//
// It passes the context carrying the call down to m, so that whatever else
// would record the same call steps aside: m's own callbacks, when given
// this Handler, and an llmhttp transport on m's HTTP client. A wrapped
// model is how a langchaingo model is recorded together with llmhttp: one
// call, one span.
func (h *Handler) WrapModel(m llms.Model) llms.Model {
	if m == nil {
		return nil
	}
	return &model{h: h, next: m}
}

// model is a recorded llms.Model.
type model struct {
	h    *Handler
	next llms.Model
}

var (
	_ llms.Model          = (*model)(nil)
	_ llms.ReasoningModel = (*model)(nil)
)

// GenerateContent records the call and makes it with the wrapped model.
func (m *model) GenerateContent(ctx context.Context, ms []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	if llmCallOpen(ctx) {
		return m.next.GenerateContent(ctx, ms, options...)
	}
	var co llms.CallOptions
	for _, o := range options {
		if o != nil {
			o(&co)
		}
	}
	cctx, call, err := m.h.cfg.recorder().StartLLM(m.h.runs.parent(ctx), m.h.request(ms, &co))
	if err != nil { // no session to record in
		return m.next.GenerateContent(ctx, ms, options...)
	}
	var first firstChunk
	if co.StreamingFunc != nil {
		options = append(options[:len(options):len(options)], llms.WithStreamingFunc(first.wrap(co.StreamingFunc)))
	}
	start := time.Now()
	res, err := m.next.GenerateContent(cctx, ms, options...)
	resp := response(res)
	if at := first.at(); !at.IsZero() {
		resp.TimeToFirstToken = at.Sub(start)
	}
	call.End(resp, err)
	return res, err
}

// Call is the deprecated single-prompt form of GenerateContent.
func (m *model) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, options...)
}

// SupportsReasoning reports what the wrapped model reports, false when it
// does not say.
func (m *model) SupportsReasoning() bool {
	r, ok := m.next.(llms.ReasoningModel)
	return ok && r.SupportsReasoning()
}

// firstChunk notes when a stream's first chunk arrived.
type firstChunk struct {
	once sync.Once
	t    time.Time
	mu   sync.Mutex
}

func (f *firstChunk) wrap(next func(context.Context, []byte) error) func(context.Context, []byte) error {
	return func(ctx context.Context, chunk []byte) error {
		f.once.Do(func() { f.mu.Lock(); f.t = time.Now(); f.mu.Unlock() })
		return next(ctx, chunk)
	}
}

func (f *firstChunk) at() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}
