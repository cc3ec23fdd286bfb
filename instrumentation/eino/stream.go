package oteleino

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"

	"github.com/agentops-go/sdk/semconv"
)

// maxEntityChunks bounds how many chunks of a graph's or node's stream
// output are kept to record as its output; past it the output is not
// recorded (the stream itself is untouched).
const maxEntityChunks = 1024

// OnEndWithStreamOutput ends the run's span when its stream output ends.
// Eino gives every handler its own copy of the stream; the handler reads
// its copy on a goroutine of its own as the component produces it, so the
// span ends when the stream does (EOF, or its error), however the caller
// reads its copy. An LLM call's span ends with the usage of the stream's
// last chunk that reports one, and its time to first chunk. The goroutine
// ends with the stream: ForceFlush waits for it.
func (h *Handler) OnEndWithStreamOutput(ctx context.Context, info *callbacks.RunInfo, output *schema.StreamReader[callbacks.CallbackOutput]) context.Context {
	r := runFor(ctx, info)
	if r == nil || (r.llm == nil && r.tool == nil && r.span == nil) {
		output.Close()
		return ctx
	}
	if r.llm != nil {
		r.llm.Span().SetAttributes(semconv.GenAIRequestStream(true))
	}
	h.active.add()
	go func() {
		defer h.active.done()
		defer output.Close()
		r.drain(output)
	}()
	return ctx
}

// ForceFlush waits until the spans of every stream output the handler is
// reading have ended, or ctx is done (then it returns ctx.Err()). Call it
// before ending a session whose runs streamed, so that their spans count
// in it.
func (h *Handler) ForceFlush(ctx context.Context) error {
	return h.active.wait(ctx)
}

// drain reads a run's stream output to its end and ends the run's span
// with what it added up to.
func (r *run) drain(output *schema.StreamReader[callbacks.CallbackOutput]) {
	var (
		msgs    []*schema.Message
		usage   *model.TokenUsage
		cfg     *model.Config
		first   time.Time
		text    strings.Builder
		chunks  []any
		tooMany bool
		err     error
	)
	for {
		chunk, rerr := output.Recv()
		if rerr != nil {
			if !errors.Is(rerr, io.EOF) {
				err = rerr
			}
			break
		}
		switch {
		case r.llm != nil:
			out := modelOutput(chunk)
			if out == nil {
				continue
			}
			if first.IsZero() {
				first = time.Now()
			}
			if out.Message != nil {
				msgs = append(msgs, out.Message)
			}
			if out.TokenUsage != nil {
				usage = out.TokenUsage
			}
			if out.Config != nil {
				cfg = out.Config
			}
		case r.tool != nil:
			if s, ok := toolOutput(chunk).(string); ok {
				text.WriteString(s)
			}
		case r.content && !tooMany:
			chunks = append(chunks, chunk)
			tooMany = len(chunks) > maxEntityChunks
		}
	}
	switch {
	case r.llm != nil:
		r.endLLMStream(msgs, usage, cfg, first, err)
	case r.tool != nil:
		r.tool.End(text.String(), err)
	case tooMany:
		r.span.End(nil, err)
	default:
		r.span.End(joinChunks(chunks), err)
	}
}

// endLLMStream ends a streamed LLM call with its chunks concatenated.
func (r *run) endLLMStream(msgs []*schema.Message, usage *model.TokenUsage, cfg *model.Config, first time.Time, err error) {
	out := &model.CallbackOutput{TokenUsage: usage, Config: cfg}
	if len(msgs) > 0 {
		if m, cerr := schema.ConcatMessages(msgs); cerr == nil {
			out.Message = m
		} else {
			out.Message = msgs[len(msgs)-1]
		}
	}
	resp := llmResponse(out)
	if !first.IsZero() {
		resp.TimeToFirstToken = first.Sub(r.start)
	}
	resp.Incomplete = err != nil
	r.llm.End(resp, err)
}

// joinChunks returns a stream's chunks as one output: messages
// concatenated, strings joined, a single chunk as it is, else the list.
func joinChunks(chunks []any) any {
	switch len(chunks) {
	case 0:
		return nil
	case 1:
		return chunks[0]
	}
	msgs := make([]*schema.Message, 0, len(chunks))
	var text strings.Builder
	for _, c := range chunks {
		switch v := c.(type) {
		case *schema.Message:
			msgs = append(msgs, v)
		case string:
			text.WriteString(v)
		}
	}
	switch {
	case len(msgs) == len(chunks):
		if m, err := schema.ConcatMessages(msgs); err == nil {
			return m
		}
	case text.Len() > 0 && len(msgs) == 0:
		return text.String()
	}
	return chunks
}

// streamSet counts the goroutines reading stream outputs, so that
// ForceFlush can wait for them without a goroutine of its own.
type streamSet struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0
}

func (s *streamSet) add() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == 0 {
		s.idle = make(chan struct{})
	}
	s.n++
}

func (s *streamSet) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n--
	if s.n == 0 {
		close(s.idle)
	}
}

func (s *streamSet) wait(ctx context.Context) error {
	s.mu.Lock()
	if s.n == 0 {
		s.mu.Unlock()
		return nil
	}
	idle := s.idle
	s.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
