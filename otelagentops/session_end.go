package otelagentops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/semconv"
)

// End ends the session in state, which must be exactly Success, Fail or
// Indeterminate. It writes the end state as agentops.session.end_state and
// as the span status (OK, Error with the reason, Unset), writes the stats on
// the root span, ends it, and logs the summary line. An invalid state is an
// error wrapping ErrInvalidEndState and leaves the session running; ending
// an ended session is an error wrapping ErrSessionEnded.
//
// A session with its own configuration flushes and shuts down its own
// pipeline, and a joined session (JoinSession) flushes the client, both
// honouring ctx; otherwise the client's pipeline exports in the background
// (call ForceFlush to wait).
func (s *Session) End(ctx context.Context, state semconv.EndState, opts ...EndOption) error {
	if s == nil {
		return errNilSession
	}
	ctx = orBackground(ctx)
	if !state.Valid() {
		return fmt.Errorf("%w: got %q for session %s", ErrInvalidEndState, truncate(string(state), 64), s.id)
	}
	var ec endConfig
	for _, o := range opts {
		if o != nil {
			ec = o.applyEnd(ec)
		}
	}
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return s.errEnded()
	}
	s.ended = true
	end := time.Now()
	stats := s.liveStats()
	stats.Duration = end.Sub(s.start)
	s.endStats = stats
	s.mu.Unlock()

	s.root.SetAttributes(endAttributes(state, ec, stats)...)
	if c := s.client; c.targets.projectID != nil {
		if project := c.targets.projectID(); project != "" {
			s.root.SetAttributes(semconv.AgentOpsProjectID(project))
		}
	}
	switch state {
	case semconv.EndStateSuccess:
		s.root.SetStatus(codes.Ok, "")
	case semconv.EndStateFail:
		s.root.SetStatus(codes.Error, ec.reason)
	}
	s.root.End() // at end, give or take the time it took to set the attributes

	c := s.client
	c.mu.Lock()
	c.active = slices.DeleteFunc(c.active, func(a *Session) bool { return a == s })
	c.mu.Unlock()
	switch {
	case c.processor != nil && s.own != nil:
		c.processor.retire(s.id, c.late) // its late spans must not reach the client's pipeline
	case c.processor != nil:
		c.processor.untrack(s.id)
	}
	if log := c.cfg.logger; log.Enabled(ctx, slog.LevelInfo) {
		log.Info("agentops: "+stats.String(), "session_id", s.idText, "end_state", string(state))
		if c.targets.agentOps {
			log.Info("agentops: session replay: " + c.DashboardURL(s.id))
		}
	}
	if stats.DroppedValues > 0 {
		c.cfg.logger.Warn("agentops: numbers were not recorded: NaN or infinite floats, or negative token counts",
			"session_id", s.idText, "dropped_values", stats.DroppedValues)
	}
	switch {
	case s.own != nil:
		return errors.Join(s.own.shutdown(ctx), ctx.Err())
	case s.joined:
		// A joining process's spans must reach the owner's trace before it exits.
		return c.ForceFlush(ctx)
	}
	return nil
}

// endAttributes are the root span attributes written at the end.
func endAttributes(state semconv.EndState, ec endConfig, st Stats) []attribute.KeyValue {
	attrs := []attribute.KeyValue{
		semconv.AgentOpsSessionEndState(string(state)),
		semconv.AgentOpsSessionLLMCalls(st.LLMCalls),
		semconv.AgentOpsSessionToolCalls(st.ToolCalls),
		semconv.AgentOpsSessionActions(st.Actions),
		semconv.AgentOpsSessionErrors(st.Errors),
		semconv.AgentOpsSessionInputTokens(int(st.InputTokens)),
		semconv.AgentOpsSessionOutputTokens(int(st.OutputTokens)),
		semconv.AgentOpsSessionTotalTokens(int(st.TotalTokens)),
		semconv.AgentOpsSessionCostUSD(st.CostUSD),
		semconv.AgentOpsSessionUnpricedLLMCalls(st.UnpricedLLMCalls),
	}
	if ec.reason != "" {
		attrs = append(attrs, semconv.AgentOpsSessionEndStateReason(ec.reason))
	}
	if ec.video != "" {
		attrs = append(attrs, semconv.AgentOpsSessionVideo(ec.video))
	}
	return attrs
}
