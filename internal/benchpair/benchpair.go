// Package benchpair measures an instrumented call against its
// un-instrumented baseline in one benchmark, robustly on a shared, noisy
// machine: the variants run in turns within each iteration (in a rotating
// order, so that none is always first), each call is timed on its own, and
// the reported figures are the median time of each variant and the ratio
// of each median to the baseline's.
//
// A load spike slows the calls it hits, whichever variant they belong to;
// medians over interleaved calls leave it out, where a ratio of two
// benchmarks run one after the other would charge it to the one that ran
// during the spike. Allocations are not reported here (they would mix the
// variants): keep a plain benchmark per variant with b.ReportAllocs for
// them.
//
// It is used by the benchmarks of the instrumentation modules (tests only).
package benchpair

import (
	"slices"
	"testing"
	"time"
)

// Variant is one way of making the call measured.
type Variant struct {
	// Name names the variant in the metrics: "<name>-ns/op" and
	// "<name>/<baseline>".
	Name string
	// Call makes one call; an error fails the benchmark.
	Call func() error
}

// maxSamples bounds the durations kept per variant: past it, the latest
// maxSamples calls are kept (a fast call run for a second would otherwise
// keep millions).
const maxSamples = 1 << 15

// Run runs the variants in turns b.N times and reports, for each, its
// median duration per call ("<name>-ns/op", over its last maxSamples
// calls) and, for every variant but the
// first, its median over the first's ("<name>/<first>"): the first variant
// is the baseline. Each variant is called once before timing starts, so
// that lazy set-up (connections, caches) is not measured.
func Run(b *testing.B, variants ...Variant) {
	b.Helper()
	if len(variants) < 2 {
		b.Fatal("benchpair: need a baseline and at least one variant")
	}
	for _, v := range variants {
		if err := v.Call(); err != nil {
			b.Fatalf("benchpair: %s: warm-up call: %v", v.Name, err)
		}
	}
	samples := min(b.N, maxSamples)
	took := make([][]time.Duration, len(variants))
	for i := range took {
		took[i] = make([]time.Duration, samples)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for k := range variants {
			i := (n + k) % len(variants)
			start := time.Now()
			if err := variants[i].Call(); err != nil {
				b.Fatalf("benchpair: %s: %v", variants[i].Name, err)
			}
			took[i][n%samples] = time.Since(start)
		}
	}
	b.StopTimer()
	base := Median(took[0])
	for i, v := range variants {
		m := Median(took[i])
		b.ReportMetric(float64(m.Nanoseconds()), v.Name+"-ns/op")
		if i > 0 && base > 0 {
			b.ReportMetric(float64(m)/float64(base), v.Name+"/"+variants[0].Name)
		}
	}
}

// Median returns the median of d (the mean of the two middle values for an
// even count; 0 for none). d is sorted in place.
func Median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	mid := len(d) / 2
	if len(d)%2 == 1 {
		return d[mid]
	}
	return (d[mid-1] + d[mid]) / 2
}
