package llmhttp

import (
	"context"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/agentops-go/sdk/semconv"
)

func TestMetrics(t *testing.T) {
	r := newRecorded(t)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	mw := Middleware(WithMeterProvider(mp))

	ok, _ := serve(t, 200, "application/json", testdata(t, "openai_chat.json"))
	limited, _ := serve(t, 429, "application/json", testdata(t, "openai_error_429.json"))
	post(t, r.ctx, mw, ok, "/v1/chat/completions", []byte(`{"model":"gpt-4o-mini"}`))
	post(t, r.ctx, mw, limited, "/v1/chat/completions", []byte(`{"model":"gpt-4o-mini"}`))

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	if len(rm.ScopeMetrics) != 1 || rm.ScopeMetrics[0].Scope.Name != ScopeName {
		t.Fatalf("scopes %+v", rm.ScopeMetrics)
	}
	got := map[string]metricdata.Aggregation{}
	for _, m := range rm.ScopeMetrics[0].Metrics {
		got[m.Name] = m.Data
	}

	tokens, ok1 := got[semconv.GenAIClientTokenUsageName].(metricdata.Histogram[int64])
	if !ok1 || len(tokens.DataPoints) != 2 {
		t.Fatalf("token usage: %+v", got[semconv.GenAIClientTokenUsageName])
	}
	for _, dp := range tokens.DataPoints {
		typ, _ := dp.Attributes.Value(semconv.GenAITokenTypeKey)
		want := map[string]int64{"input": 26, "output": 8}[typ.AsString()]
		if dp.Sum != want || dp.Count != 1 || !slices.Equal(dp.Bounds, semconv.GenAIClientTokenUsageBuckets()) {
			t.Errorf("%s tokens: sum %d count %d bounds %v", typ.AsString(), dp.Sum, dp.Count, dp.Bounds)
		}
		if m, _ := dp.Attributes.Value(semconv.GenAIRequestModelKey); m.AsString() != "gpt-4o-mini" {
			t.Errorf("model attribute %v", m)
		}
	}

	dur, ok2 := got[semconv.GenAIClientOperationDurationName].(metricdata.Histogram[float64])
	if !ok2 || len(dur.DataPoints) != 2 {
		t.Fatalf("duration: %+v", got[semconv.GenAIClientOperationDurationName])
	}
	var errTypes []string
	for _, dp := range dur.DataPoints {
		if !slices.Equal(dp.Bounds, semconv.GenAIClientOperationDurationBuckets()) || dp.Count != 1 || dp.Sum <= 0 {
			t.Errorf("duration point %+v", dp)
		}
		if v, ok := dp.Attributes.Value(semconv.ErrorTypeKey); ok {
			errTypes = append(errTypes, v.AsString())
		}
		if v, _ := dp.Attributes.Value(semconv.GenAIOperationNameKey); v != attribute.StringValue("chat") {
			t.Errorf("operation %v", v)
		}
	}
	if !slices.Equal(errTypes, []string{"429"}) {
		t.Errorf("error types %v", errTypes)
	}
}

func TestNoMeterProviderNoMetrics(t *testing.T) {
	if newInstrumenter(nil).metrics != nil {
		t.Error("metrics without a MeterProvider")
	}
}
