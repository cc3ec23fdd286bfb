package otelgenkit

import (
	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
)

// DefineTool is genkit.DefineTool with fn recorded by Tool: each call of
// the tool is a tool call span of the session, counted in Session.Stats.
func DefineTool[In, Out any](r *Recorder, g *genkit.Genkit, name, description string, fn ai.ToolFunc[In, Out], opts ...ai.ToolOption) *ai.ToolDef[In, Out] {
	return genkit.DefineTool(g, name, description, Tool(r, name, fn), opts...)
}

// Tool wraps a Genkit tool function so that each call is recorded as a
// tool call span "execute_tool <name>" (otelagentops StartTool) in the
// session the tool's context carries, else the Recorder's client's only
// active session, with its input and output when the session captures
// content. The span hangs under the nearest span that is not Genkit's (the
// flow's workflow span, say), and fn's context carries it, so what fn
// records nests under the tool. A tool interrupt (ToolContext.Interrupt)
// is no failure: the call is recorded without an error. With no session,
// fn runs unrecorded; fn's result and error are returned as they are.
func Tool[In, Out any](r *Recorder, name string, fn ai.ToolFunc[In, Out]) ai.ToolFunc[In, Out] {
	return func(tc *ai.ToolContext, input In) (Out, error) {
		if tc == nil || tc.Context == nil {
			return fn(tc, input)
		}
		s := r.session(tc.Context)
		if s == nil {
			return fn(tc, input)
		}
		track()
		ctx, call, err := r.client().StartTool(s.ContextWith(anchored(tc.Context)), name, input)
		if err != nil {
			return fn(tc, input)
		}
		inner := *tc
		inner.Context = ctx
		out, err := fn(&inner, input)
		if interrupted, _ := ai.IsToolInterruptError(err); interrupted {
			call.End(nil, nil)
		} else {
			call.End(out, err)
		}
		return out, err
	}
}
