package main

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/agentops-go/sdk/internal/sessionindex"
)

// Layouts of a start time, in local time: to the minute in the session
// list, to the second on a session's page.
const (
	shortStartLayout = "2006-01-02 15:04"
	startLayout      = "2006-01-02 15:04:05"
)

// formatStart returns t in local time in layout, or "-" when zero.
func formatStart(t time.Time, layout string) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(layout)
}

// formatDuration returns d rounded for reading: milliseconds under a
// second, tenths of a second under a minute, seconds beyond.
func formatDuration(d time.Duration) string {
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

// formatCost returns a cost in USD, with "+n unpriced" when n LLM calls
// had no price; "-" when there is neither.
func formatCost(usd float64, unpriced int64) string {
	var parts []string
	if usd != 0 || unpriced == 0 {
		parts = append(parts, formatUSD(usd))
	}
	if unpriced > 0 {
		parts = append(parts, fmt.Sprintf("+%d unpriced", unpriced))
	}
	return strings.Join(parts, " ")
}

// formatUSD returns usd with four decimals ($0.0125), six under a
// hundredth of a cent ($0.000017), "<$0.000001" below that and "$0" for
// zero: never an exponent.
func formatUSD(usd float64) string {
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

// formatTokens returns input and output tokens as "in/out".
func formatTokens(in, out int64) string {
	return fmt.Sprintf("%d/%d", in, out)
}

// state returns the state column of a row: the end state, "running" or
// "recovered".
func state(r sessionindex.Row) string {
	if r.Status == "" {
		return "-"
	}
	return r.Status
}

// orDash returns s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine returns s on one line, cut to n runes, with control characters
// (a terminal escape sequence in a session name or a prompt) shown as
// U+FFFD: what a session holds never drives the terminal.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
