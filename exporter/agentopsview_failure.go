package exporter

import (
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// callerReportsView makes the failure of a SERVER span whose caller's span
// reports it too (spanclass.CallerReports: a remote parent that is not the
// session root) count once on the AgentOps dashboard, which counts every
// span with status Error as an error: the span's status Error becomes
// Unset, and its description, which only an Error status carries, moves to
// error.message unless the span has one (its error.type and other keys
// stay), so that the failure is still shown on the span. It reports
// whether it changed s. Run after the kind's view (llmView turns an Unset
// status into Ok: this one must stay Unset), on s.attrs as they are then.
func (s *exportSpan) callerReportsView(scratch *viewScratch) bool {
	if s.status.Code != codes.Error || !spanclass.CallerReports(s.SpanKind(), s.Parent()) {
		return false
	}
	desc := s.status.Description
	s.status = sdktrace.Status{Code: codes.Unset}
	if desc == "" {
		return true
	}
	for i := range s.attrs {
		if s.attrs[i].Key == semconv.ErrorMessageKey {
			return true
		}
	}
	attrs := scratch.attrs(len(s.attrs) + 1)
	attrs = append(attrs, s.attrs...)
	s.attrs = append(attrs, semconv.ErrorMessage(boundDescription(desc)))
	return true
}
