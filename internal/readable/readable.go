// Package readable formats a session's figures for people, the same way in
// the terminal (cmd/agentops) and on the web viewer (internal/viewer):
// times, durations and costs rounded for reading. The session documents
// keep the exact values.
package readable

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Layouts of a start time, in local time: to the minute in a session list,
// to the second on a session's page.
const (
	ShortStartLayout = "2006-01-02 15:04"
	StartLayout      = "2006-01-02 15:04:05"
)

// Start returns t in local time in layout, or "-" when zero.
func Start(t time.Time, layout string) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(layout)
}

// Duration returns d rounded for reading: microseconds under a
// millisecond, milliseconds under a second, tenths of a second under a
// minute, seconds beyond; "0s" for zero or less.
func Duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	default:
		return d.Round(time.Second).String()
	}
}

// USD returns usd with four decimals ($0.0125), six under a hundredth of a
// cent ($0.000017), "<$0.000001" below that and "$0" for zero: never an
// exponent.
func USD(usd float64) string {
	switch a := math.Abs(usd); {
	case a == 0:
		return "$0"
	case a < 0.0000005:
		return "<$0.000001"
	case a < 0.00005:
		return fmt.Sprintf("$%.6f", usd)
	default:
		return fmt.Sprintf("$%.4f", usd)
	}
}

// Cost returns a cost in USD with "+n unpriced" when n LLM calls had no
// price: "$0.0125", "$0.0125 +1 unpriced", "+2 unpriced".
func Cost(usd float64, unpriced int64) string {
	var parts []string
	if usd != 0 || unpriced == 0 {
		parts = append(parts, USD(usd))
	}
	if unpriced > 0 {
		parts = append(parts, fmt.Sprintf("+%d unpriced", unpriced))
	}
	return strings.Join(parts, " ")
}
