package oteleino

import (
	"context"
	"sync"
	"testing"

	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
)

// One handler serves concurrent agent runs, streamed and not, in one
// session: each run's calls are counted once.
func TestHandlerConcurrentSafe(t *testing.T) {
	const runs = 8
	r := newRecorded(t)
	srv := newFakeModel(t)
	a := newAgent(t, srv, httpClient(t, r.client))
	h := NewHandler(WithClient(r.client))
	opt := agent.WithComposeOptions(compose.WithCallbacks(h))
	var wg sync.WaitGroup
	errs := make(chan error, runs)
	for i := range runs {
		wg.Go(func() {
			if _, err := runAgent(t, r.ctx, a, i%2 == 1, opt); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := h.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := r.session.Stats()
	if st.LLMCalls != 2*runs || st.ToolCalls != runs || st.InputTokens != 2*runs*promptTokens {
		t.Errorf("stats %+v, want %d LLM calls, %d tool calls, %d input tokens", st, 2*runs, runs, 2*runs*promptTokens)
	}
	if n := len(r.spans()["invoke_agent ReActAgent"]); n != runs {
		t.Errorf("%d agent spans, want %d", n, runs)
	}
}
