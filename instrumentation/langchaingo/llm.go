package otellangchaingo

import (
	"context"

	"github.com/tmc/langchaingo/llms"

	"github.com/agentops-go/sdk/otelagentops"
)

// HandleLLMGenerateContentStart opens an LLM call span for a model's
// GenerateContent, unless ctx carries an open LLM call (WrapModel records
// it, and passes it down so that this callback steps aside).
func (h *Handler) HandleLLMGenerateContentStart(ctx context.Context, ms []llms.MessageContent) {
	if !trackable(ctx) || llmCallOpen(ctx) {
		return
	}
	_, call, _ := h.cfg.recorder().StartLLM(h.runs.parent(ctx), h.request(ms, nil))
	h.runs.push(ctx, &entry{kind: kindLLM, llm: call})
}

// HandleLLMGenerateContentEnd ends the run's innermost LLM call span with
// the response: its messages, finish reasons and token usage.
func (h *Handler) HandleLLMGenerateContentEnd(ctx context.Context, res *llms.ContentResponse) {
	h.endLLM(ctx, res, nil)
}

// HandleLLMError ends the run's innermost LLM call span with err.
func (h *Handler) HandleLLMError(ctx context.Context, err error) { h.endLLM(ctx, nil, err) }

func (h *Handler) endLLM(ctx context.Context, res *llms.ContentResponse, err error) {
	if llmCallOpen(ctx) {
		return
	}
	if e, orphans := h.runs.pop(ctx, kindLLM); e != nil {
		closeOrphans(orphans, err)
		e.llm.End(response(res), err)
	}
}

// request describes a GenerateContent call; opts are its call options
// when known (WrapModel), nil for a callback, which is given none.
func (h *Handler) request(ms []llms.MessageContent, opts *llms.CallOptions) otelagentops.LLMRequest {
	req := otelagentops.LLMRequest{Provider: h.cfg.provider, Model: h.cfg.model, Messages: messages(ms)}
	if opts == nil {
		return req
	}
	if opts.Model != "" {
		req.Model = opts.Model
	}
	// langchaingo sends none of these when zero: zero means "not set".
	if opts.MaxTokens > 0 {
		req.MaxTokens = &opts.MaxTokens
	}
	if opts.Seed != 0 {
		req.Seed = &opts.Seed
	}
	for _, p := range []struct {
		v   float64
		dst **float64
	}{
		{opts.Temperature, &req.Temperature}, {opts.TopP, &req.TopP}, {float64(opts.TopK), &req.TopK},
		{opts.FrequencyPenalty, &req.FrequencyPenalty}, {opts.PresencePenalty, &req.PresencePenalty},
	} {
		if p.v != 0 {
			*p.dst = &p.v
		}
	}
	req.StopSequences = opts.StopWords
	req.ChoiceCount = max(opts.N, opts.CandidateCount)
	req.Stream = opts.StreamingFunc != nil || opts.StreamingReasoningFunc != nil
	if opts.JSONMode {
		req.OutputType = "json"
	}
	return req
}

// messages converts langchaingo's messages: text parts joined, tool calls
// and tool responses kept with their IDs.
func messages(ms []llms.MessageContent) []otelagentops.Message {
	if len(ms) == 0 {
		return nil
	}
	out := make([]otelagentops.Message, 0, len(ms))
	for _, m := range ms {
		msg := otelagentops.Message{Role: role(m.Role)}
		for _, part := range m.Parts {
			switch p := part.(type) {
			case llms.TextContent:
				msg.Content += p.Text
			case llms.ToolCall:
				msg.ToolCalls = append(msg.ToolCalls, toolCallRequest(p))
			case llms.ToolCallResponse:
				msg.ToolCallID, msg.Content = p.ToolCallID, msg.Content+p.Content
			}
		}
		out = append(out, msg)
	}
	return out
}

// role maps langchaingo's message types onto the OTel GenAI roles.
func role(t llms.ChatMessageType) string {
	switch t {
	case llms.ChatMessageTypeSystem:
		return "system"
	case llms.ChatMessageTypeAI:
		return "assistant"
	case llms.ChatMessageTypeTool, llms.ChatMessageTypeFunction:
		return "tool"
	}
	return "user"
}

func toolCallRequest(tc llms.ToolCall) otelagentops.ToolCallRequest {
	r := otelagentops.ToolCallRequest{ID: tc.ID}
	if tc.FunctionCall != nil {
		r.Name, r.Arguments = tc.FunctionCall.Name, tc.FunctionCall.Arguments
	}
	return r
}

// response describes a GenerateContent result (nil when the call failed).
func response(res *llms.ContentResponse) otelagentops.LLMResponse {
	if res == nil {
		return otelagentops.LLMResponse{UsageUnknown: true}
	}
	out := otelagentops.LLMResponse{UsageUnknown: true}
	for _, c := range res.Choices {
		if c == nil {
			continue
		}
		msg := otelagentops.Message{Role: "assistant", Content: c.Content, FinishReason: c.StopReason}
		for _, tc := range c.ToolCalls {
			msg.ToolCalls = append(msg.ToolCalls, toolCallRequest(tc))
		}
		out.Messages = append(out.Messages, msg)
		if c.StopReason != "" {
			out.FinishReasons = append(out.FinishReasons, c.StopReason)
		}
		if u, ok := usage(c.GenerationInfo); ok && out.UsageUnknown {
			out.Usage, out.UsageUnknown = u, false // every choice carries the call's usage
		}
	}
	return out
}
