package otelgenkit

import (
	"context"
	"strings"
	"sync"

	"github.com/firebase/genkit/go/ai"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// Middleware returns a Genkit model middleware that records each model call
// it wraps as one LLM call span (otelagentops StartLLM) in the session the
// call's context carries, else the Recorder's client's only active session:
// model and provider, the request's messages and the response's when the
// session captures content, finish reason and token usage, so that the
// call counts in Session.Stats with its tokens and cost. Use it on every
// generation, ai.WithMiddleware(rec.Middleware()), or on a prompt.
//
// The model is recorded as Genkit names it: "provider/model" becomes
// provider and model. The context passed down to the model carries the
// open call (otelagentops.LLMCallFromContext), so an llmhttp-instrumented
// HTTP client under the model steps aside and the call is recorded once.
// With no session to record into, the call runs unrecorded. Recording
// never changes the call's result or error.
func (r *Recorder) Middleware() ai.ModelMiddleware {
	return func(next ai.ModelFunc) ai.ModelFunc {
		return func(ctx context.Context, req *ai.ModelRequest, cb ai.ModelStreamCallback) (*ai.ModelResponse, error) {
			s := r.session(ctx)
			if s == nil || otelagentops.LLMCallFromContext(ctx) != nil {
				return next(ctx, req, cb)
			}
			track()
			content := s.CapturesContent()
			llmReq := otelagentops.LLMRequest{Stream: cb != nil}
			if content && req != nil {
				llmReq.Messages = messages(req.Messages)
			}
			callCtx, call, err := r.client().StartLLM(s.ContextWith(anchored(ctx)), llmReq)
			if err != nil {
				return next(ctx, req, cb)
			}
			p := &pendingModel{parent: call.Span().SpanContext(), span: call.Span()}
			resp, callErr := next(context.WithValue(callCtx, pendingModelKey{}, p), req, cb)
			call.End(response(resp, content), callErr)
			return resp, callErr
		}
	}
}

// pendingModel is an LLM call whose model is not known yet: Genkit gives a
// model middleware no model name. The first Genkit span started under the
// call, Genkit's model action span named "provider/model", names it (see
// ancestry.OnStart), before the model runs.
type pendingModel struct {
	parent trace.SpanContext // the LLM call's span
	span   trace.Span
	once   sync.Once
}

type pendingModelKey struct{}

func pendingModelFrom(ctx context.Context) *pendingModel {
	p, _ := ctx.Value(pendingModelKey{}).(*pendingModel)
	return p
}

// name records the Genkit model name on the call's span as otelagentops
// would have at StartLLM: its name "chat <model>", the request model and
// the provider.
func (p *pendingModel) name(genkitName string) {
	p.once.Do(func() {
		provider, model := splitModelName(genkitName)
		if model == "" {
			return
		}
		p.span.SetName(semconv.GenAIOperationNameChat + " " + model)
		attrs := []attribute.KeyValue{semconv.GenAIRequestModelKey.String(model)}
		if provider != "" {
			attrs = append(attrs, semconv.GenAIProviderNameKey.String(provider), semconv.GenAISystemKey.String(provider))
		}
		p.span.SetAttributes(attrs...)
	})
}

// splitModelName splits a Genkit model name "provider/model" into the OTel
// GenAI provider name and the model ("googleai/gemini-2.5-flash" is
// gcp.gemini's gemini-2.5-flash). A name without a provider is a model.
func splitModelName(name string) (provider, model string) {
	provider, model, ok := strings.Cut(name, "/")
	if !ok {
		return "", name
	}
	switch provider {
	case "googleai":
		provider = semconv.GenAIProviderGemini
	case "vertexai":
		provider = semconv.GenAIProviderVertexAI
	}
	return provider, model
}
