package readable

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFigures(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{USD(0), "$0"}, {USD(0.0125), "$0.0125"}, {USD(0.000017), "$0.000017"},
		{USD(1e-9), "<$0.000001"}, {USD(0.0007199999999999999), "$0.0007"},
		{Cost(0.0125, 0), "$0.0125"}, {Cost(0.0125, 1), "$0.0125 +1 unpriced"}, {Cost(0, 2), "+2 unpriced"},
		{Duration(0), "0s"}, {Duration(587 * time.Microsecond), "587µs"}, {Duration(22*time.Millisecond + 300*time.Microsecond), "22ms"},
		{Duration(14900 * time.Millisecond), "14.9s"}, {Duration(90*time.Second + 400*time.Millisecond), "1m30s"},
		{Start(time.Time{}, StartLayout), "-"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	at := time.Date(2026, 12, 2, 13, 24, 5, 0, time.Local)
	if got := Start(at, ShortStartLayout); got != "2026-12-02 13:24" {
		t.Errorf("Start = %q", got)
	}
}
