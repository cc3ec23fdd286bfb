package otellangchaingo

import (
	"context"
	"errors"
	"reflect"
	"sync"

	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/otelagentops"
)

// errNoEndCallback ends a span whose end callback never came before the
// chain around it ended (langchaingo's openai llm, for one, reports no
// failure to its callbacks).
var errNoEndCallback = errors.New("otellangchaingo: no end callback before the enclosing chain ended")

// kind is what an open span records.
type kind uint8

const (
	kindChain kind = iota + 1 // a chain or an agent executor
	kindTool
	kindLLM
)

// entry is a span a start callback opened and an end callback will close.
// One of entity, tool and llm is set (none when there was no session to
// record in: the entry then only keeps the stack balanced).
type entry struct {
	kind   kind
	entity *otelagentops.Span
	tool   *otelagentops.ToolCall
	llm    *otelagentops.LLMCall
	// nextTool is the tool the agent asked for last (HandleAgentAction),
	// the name of the tool span the next HandleToolStart opens.
	nextTool string
}

// span returns the entry's OTel span (a no-op span when it records none).
func (e *entry) span() trace.Span {
	switch {
	case e.entity != nil:
		return e.entity.Span()
	case e.tool != nil:
		return e.tool.Span()
	}
	return e.llm.Span()
}

// end ends the entry's span with output and err.
func (e *entry) end(output any, err error) {
	switch e.kind {
	case kindChain:
		e.entity.End(output, err)
	case kindTool:
		e.tool.End(output, err)
	case kindLLM:
		e.llm.End(otelagentops.LLMResponse{UsageUnknown: true}, err)
	}
}

// runs holds the spans the callbacks opened and have not closed, a stack
// per context. langchaingo's callbacks cannot return a context, so the
// spans they start are not in the context the framework passes down; but
// the framework passes the same context to every callback of one run (a
// chain, the chains, LLM calls and tools it runs), so that context names
// the run, and the top of its stack is the parent of the next span.
type runs struct {
	mu   sync.Mutex
	open map[context.Context][]*entry
}

// parent returns ctx with the innermost open span of its run as the
// active span, or ctx itself when its run has none.
func (r *runs) parent(ctx context.Context) context.Context {
	if e := r.top(ctx); e != nil {
		if sp := e.span(); sp.SpanContext().IsValid() {
			return trace.ContextWithSpan(ctx, sp)
		}
	}
	return ctx
}

// push opens e on top of ctx's run.
func (r *runs) push(ctx context.Context, e *entry) {
	defer ignoreUnhashable()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.open == nil {
		r.open = make(map[context.Context][]*entry)
	}
	r.open[ctx] = append(r.open[ctx], e)
}

// top returns the innermost open entry of ctx's run, or nil.
func (r *runs) top(ctx context.Context) *entry {
	defer ignoreUnhashable()
	r.mu.Lock()
	defer r.mu.Unlock()
	if stack := r.open[ctx]; len(stack) > 0 {
		return stack[len(stack)-1]
	}
	return nil
}

// noteTool records tool as the next tool of ctx's innermost open span.
func (r *runs) noteTool(ctx context.Context, tool string) {
	defer ignoreUnhashable()
	r.mu.Lock()
	defer r.mu.Unlock()
	if stack := r.open[ctx]; len(stack) > 0 {
		stack[len(stack)-1].nextTool = tool
	}
}

// takeTool returns and forgets the next tool noted on ctx's innermost
// open span, or "".
func (r *runs) takeTool(ctx context.Context) string {
	defer ignoreUnhashable()
	r.mu.Lock()
	defer r.mu.Unlock()
	stack := r.open[ctx]
	if len(stack) == 0 {
		return ""
	}
	e := stack[len(stack)-1]
	name := e.nextTool
	e.nextTool = ""
	return name
}

// pop closes the innermost open entry of kind k in ctx's run and returns
// it with the entries opened above it that never got their end callback,
// innermost first. It returns nil when the run has no entry of kind k.
func (r *runs) pop(ctx context.Context, k kind) (e *entry, orphans []*entry) {
	defer ignoreUnhashable()
	r.mu.Lock()
	defer r.mu.Unlock()
	stack := r.open[ctx]
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].kind != k {
			continue
		}
		e = stack[i]
		for j := len(stack) - 1; j > i; j-- {
			orphans = append(orphans, stack[j])
		}
		clear(stack[i:])
		if i == 0 {
			delete(r.open, ctx)
		} else {
			r.open[ctx] = stack[:i]
		}
		return e, orphans
	}
	return nil, nil
}

// size returns how many runs have open spans (for tests: none may leak).
func (r *runs) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.open)
}

// trackable reports whether ctx can name a run: a context whose dynamic
// type cannot be a map key (a user's context type holding a slice, say)
// cannot, and the callbacks of such a run record nothing.
func trackable(ctx context.Context) bool {
	return ctx != nil && reflect.TypeOf(ctx).Comparable()
}

// ignoreUnhashable recovers from a context whose dynamic type cannot be a
// map key (a user's context type holding a slice, say): such a run is not
// tracked, and the user's program goes on.
func ignoreUnhashable() { _ = recover() }

// closeOrphans ends the entries that never got their end callback: with
// the enclosing span's error when it failed, else errNoEndCallback.
func closeOrphans(orphans []*entry, err error) {
	if err == nil {
		err = errNoEndCallback
	}
	for _, o := range orphans {
		o.end(nil, err)
	}
}
