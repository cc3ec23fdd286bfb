package otelgenkit

import (
	"context"

	"github.com/firebase/genkit/go/core"
	"github.com/firebase/genkit/go/genkit"
)

// DefineFlow is genkit.DefineFlow with fn recorded by Flow: each run of the
// flow is a workflow span of the session, the parent of the model calls and
// tool calls recorded while it runs.
func DefineFlow[In, Out any](r *Recorder, g *genkit.Genkit, name string, fn core.Func[In, Out]) *core.Flow[In, Out, struct{}] {
	return genkit.DefineFlow(g, name, Flow(r, name, fn))
}

// DefineStreamingFlow is genkit.DefineStreamingFlow with fn recorded as
// Flow records a flow.
func DefineStreamingFlow[In, Out, Stream any](r *Recorder, g *genkit.Genkit, name string, fn core.StreamingFunc[In, Out, Stream]) *core.Flow[In, Out, Stream] {
	return genkit.DefineStreamingFlow(g, name, func(ctx context.Context, input In, cb core.StreamCallback[Stream]) (Out, error) {
		return runFlow(r, ctx, name, input, func(ctx context.Context) (Out, error) { return fn(ctx, input, cb) })
	})
}

// Flow wraps a Genkit flow function so that each run is recorded as a
// workflow span "invoke_workflow <name>" (otelagentops StartWorkflow) in the
// session the flow's context carries, else the Recorder's client's only
// active session, with its input and output when the session captures
// content. The span hangs under the nearest span that is not Genkit's (the
// session's root, say), and fn's context carries it, so the model and tool
// calls of the flow nest under it. With no session, fn runs unrecorded;
// fn's result and error are returned as they are.
func Flow[In, Out any](r *Recorder, name string, fn core.Func[In, Out]) core.Func[In, Out] {
	return func(ctx context.Context, input In) (Out, error) {
		return runFlow(r, ctx, name, input, func(ctx context.Context) (Out, error) { return fn(ctx, input) })
	}
}

func runFlow[In, Out any](r *Recorder, ctx context.Context, name string, input In, run func(context.Context) (Out, error)) (Out, error) {
	s := r.session(ctx)
	if s == nil {
		return run(ctx)
	}
	track()
	flowCtx, span, err := r.client().StartWorkflow(s.ContextWith(anchored(ctx)), name, input)
	if err != nil {
		return run(ctx)
	}
	out, err := run(flowCtx)
	span.End(out, err)
	return out, err
}
