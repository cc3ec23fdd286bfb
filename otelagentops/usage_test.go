package otelagentops

import (
	"context"
	"errors"
	"testing"
)

// TestUnknownUsageIsUnpricedNotFree: a call whose provider reported no usage
// (a stream without include_usage) must not show as a confident $0, while a
// failed call that reported none was not billed.
func TestUnknownUsageIsUnpricedNotFree(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	req := LLMRequest{Provider: "openai", Model: "gpt-4o-mini", Stream: true}

	_ = r.client.RecordLLM(ctx, req, LLMResponse{Model: "gpt-4o-mini", UsageUnknown: true}, nil)
	sp := r.span(t, "chat gpt-4o-mini")
	for _, key := range []string{"gen_ai.usage.prompt_tokens", "gen_ai.usage.input_tokens", "gen_ai.usage.total_tokens"} {
		if v := attrAny(sp, key); v != nil {
			t.Errorf("unknown usage recorded %s = %v", key, v)
		}
	}
	if st := s.Stats(); st.LLMCalls != 1 || st.UnpricedLLMCalls != 1 || st.CostUSD != 0 {
		t.Errorf("after a call without usage: %+v, want 1 unpriced call", st)
	}

	_ = r.client.RecordLLM(ctx, LLMRequest{Model: "gpt-4o-mini"}, LLMResponse{UsageUnknown: true, ErrorType: "429"}, errors.New("rate limited"))
	if st := s.Stats(); st.LLMCalls != 2 || st.UnpricedLLMCalls != 1 || st.Errors != 1 {
		t.Errorf("after a failed call without usage: %+v, want it priced at nothing", st)
	}

	_ = r.client.RecordLLM(ctx, req, LLMResponse{Model: "gpt-4o-mini", Usage: Usage{InputTokens: 10, OutputTokens: 5}}, nil)
	if st := s.Stats(); st.UnpricedLLMCalls != 1 || st.CostUSD <= 0 {
		t.Errorf("after a priced call: %+v", st)
	}
}
