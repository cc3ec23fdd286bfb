package otellangchaingo

import (
	"context"
	"sync/atomic"
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
	first := firstChunk{since: time.Now()}
	if co.StreamingFunc != nil {
		options = append(options[:len(options):len(options)], llms.WithStreamingFunc(first.wrap(co.StreamingFunc)))
	}
	res, err := m.next.GenerateContent(cctx, ms, options...)
	resp := response(res)
	resp.TimeToFirstToken = time.Duration(first.after.Load())
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
	since time.Time    // when the call started
	after atomic.Int64 // nanoseconds from since to the first chunk; 0: none yet
}

func (f *firstChunk) wrap(next func(context.Context, []byte) error) func(context.Context, []byte) error {
	return func(ctx context.Context, chunk []byte) error {
		f.after.CompareAndSwap(0, max(int64(time.Since(f.since)), 1))
		return next(ctx, chunk)
	}
}
