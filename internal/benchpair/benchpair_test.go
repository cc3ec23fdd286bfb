package benchpair

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/agentops-go/sdk/otelagentops"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{7}, 7},
		{[]time.Duration{9, 1, 5}, 5},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2+3)/2 in integer nanoseconds
		{[]time.Duration{100, 1, 1, 1, 1000}, 1},
	} {
		if got := Median(append([]time.Duration(nil), tc.in...)); got != tc.want {
			t.Errorf("Median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestRunInterleavesAndReports runs Run as a benchmark and checks that every
// variant was called the same number of times, in rotating order.
func TestRunInterleavesAndReports(t *testing.T) {
	var calls, firsts [3]int
	res := testing.Benchmark(func(b *testing.B) {
		calls, firsts = [3]int{}, [3]int{}
		total := 0 // calls so far, warm-up included
		mk := func(i int) Variant {
			return Variant{Name: string(rune('a' + i)), Call: func() error {
				if total >= 3 && (total-3)%3 == 0 {
					firsts[i]++ // the first of a round, after the three warm-up calls
				}
				calls[i]++
				total++
				return nil
			}}
		}
		Run(b, mk(0), mk(1), mk(2))
	})
	if calls[0] != calls[1] || calls[1] != calls[2] || calls[0] != res.N+1 {
		t.Fatalf("calls %v for N=%d, want N+1 each", calls, res.N)
	}
	if res.N >= 3 && (firsts[0] == 0 || firsts[1] == 0 || firsts[2] == 0) {
		t.Errorf("first of a round %v: the order does not rotate", firsts)
	}
	for _, m := range []string{"a-ns/op", "b-ns/op", "c-ns/op", "b/a", "c/a"} {
		if _, ok := res.Extra[m]; !ok {
			t.Errorf("metric %q not reported: %v", m, res.Extra)
		}
	}
}

func TestRunFailsOnCallError(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		Run(b, Variant{Name: "base", Call: func() error { return nil }},
			Variant{Name: "broken", Call: func() error { return errors.New("boom") }})
	})
	if res.N != 0 {
		t.Errorf("a failing variant still gave a result: %+v", res)
	}
}

// Session gives a context carrying an active session of a working client,
// which records into it.
func TestSessionRecords(t *testing.T) {
	ctx, c := Session(t)
	s := otelagentops.SessionFromContext(ctx)
	if s == nil || s.Ended() {
		t.Fatal("no active session in the context")
	}
	if err := c.RecordTool(ctx, otelagentops.Tool{Name: "search"}); err != nil {
		t.Fatal(err)
	}
	if got := s.Stats().ToolCalls; got != 1 {
		t.Errorf("tool calls %d, want 1", got)
	}
}
