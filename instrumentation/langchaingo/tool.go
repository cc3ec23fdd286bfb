package otellangchaingo

import (
	"context"

	"github.com/tmc/langchaingo/tools"
)

// WrapTool returns t recording each Call as a tool call span named after
// t.Name(), a child of the innermost open span of the run (else of ctx's
// span), with its input and output when the session captures content and
// its error. The context passed down to t carries the span, so that what t
// runs (a chain, a model, an HTTP call) nests under it; t's own tool
// callbacks, when given this Handler, step aside.
//
// A tool that calls no callbacks (most tools written for an agent) is
// recorded only when wrapped.
func (h *Handler) WrapTool(t tools.Tool) tools.Tool {
	if t == nil {
		return nil
	}
	return &tool{h: h, next: t}
}

// tool is a recorded tools.Tool.
type tool struct {
	h    *Handler
	next tools.Tool
}

var _ tools.Tool = (*tool)(nil)

// Name returns the wrapped tool's name.
func (t *tool) Name() string { return t.next.Name() }

// Description returns the wrapped tool's description.
func (t *tool) Description() string { return t.next.Description() }

// Call records the call and makes it with the wrapped tool.
func (t *tool) Call(ctx context.Context, input string) (string, error) {
	tctx, tc, err := t.h.cfg.recorder().StartTool(t.h.runs.parent(ctx), t.next.Name(), input)
	if err != nil { // no session to record in
		return t.next.Call(ctx, input)
	}
	t.h.runs.takeTool(ctx) // the agent's note names this call
	mark := &toolMark{}
	tctx = context.WithValue(tctx, toolKey{}, mark)
	mark.ctx = tctx
	out, err := t.next.Call(tctx, input)
	tc.End(out, err)
	return out, err
}

type toolKey struct{}

// toolMark marks the very context a wrapped tool is called with.
type toolMark struct{ ctx context.Context }

// wrappedTool reports whether ctx is the context a wrapped tool was called
// with: the tool's own callbacks then step aside. A chain the tool runs
// with a context derived from it records its tools as usual.
func wrappedTool(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	m, _ := ctx.Value(toolKey{}).(*toolMark)
	return m != nil && m.ctx == ctx
}
