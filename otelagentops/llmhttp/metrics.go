package llmhttp

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// metrics are the OTel GenAI client metrics: token usage and operation
// duration, with the bucket boundaries the conventions advise.
type metrics struct {
	tokens   metric.Int64Histogram
	duration metric.Float64Histogram
}

// newMetrics creates the instruments, or returns nil without a provider.
// The names are valid constants, and the metric API returns usable
// instruments even when it reports an error, so errors are not fatal here.
func newMetrics(mp metric.MeterProvider) *metrics {
	if mp == nil {
		return nil
	}
	m := mp.Meter(ScopeName, metric.WithInstrumentationVersion(otelagentops.Version))
	tokens, _ := m.Int64Histogram(semconv.GenAIClientTokenUsageName,
		metric.WithUnit(semconv.GenAIClientTokenUsageUnit),
		metric.WithDescription(semconv.GenAIClientTokenUsageDescription),
		metric.WithExplicitBucketBoundaries(semconv.GenAIClientTokenUsageBuckets()...))
	duration, _ := m.Float64Histogram(semconv.GenAIClientOperationDurationName,
		metric.WithUnit(semconv.GenAIClientOperationDurationUnit),
		metric.WithDescription(semconv.GenAIClientOperationDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.GenAIClientOperationDurationBuckets()...))
	return &metrics{tokens: tokens, duration: duration}
}

// record records one ended call: its duration always, its input and output
// tokens when the response reported usage. A nil *metrics records nothing.
func (m *metrics) record(st *callState, resp otelagentops.LLMResponse, err error, usageKnown bool) {
	if m == nil {
		return
	}
	attrs := make([]attribute.KeyValue, 0, 8)
	attrs = append(attrs,
		semconv.GenAIOperationName(st.kind.operation()),
		semconv.GenAIProviderName(st.req.Provider),
	)
	if st.req.Model != "" {
		attrs = append(attrs, semconv.GenAIRequestModel(st.req.Model))
	}
	if resp.Model != "" {
		attrs = append(attrs, semconv.GenAIResponseModel(resp.Model))
	}
	if st.req.ServerAddress != "" {
		attrs = append(attrs, semconv.ServerAddress(st.req.ServerAddress))
	}
	if st.req.ServerPort > 0 {
		attrs = append(attrs, semconv.ServerPort(st.req.ServerPort))
	}
	if err != nil {
		typ := resp.ErrorType
		if typ == "" {
			typ = errorClass(err)
		}
		attrs = append(attrs, semconv.ErrorType(typ))
	}
	end := resp.EndTime
	m.duration.Record(st.ctx, end.Sub(st.start).Seconds(), metric.WithAttributes(attrs...))
	if !usageKnown || err != nil {
		return
	}
	attrs = append(attrs, semconv.GenAITokenType(semconv.GenAITokenTypeInput))
	m.tokens.Record(st.ctx, resp.Usage.InputTokens, metric.WithAttributes(attrs...))
	attrs[len(attrs)-1] = semconv.GenAITokenType(semconv.GenAITokenTypeOutput)
	m.tokens.Record(st.ctx, resp.Usage.OutputTokens, metric.WithAttributes(attrs...))
}
