package viewer

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Layouts of times on the pages, in the server's local time.
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

// formatDuration returns d rounded for reading: microseconds under a
// millisecond, milliseconds under a second, tenths of a second under a
// minute, seconds beyond.
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

// formatCost returns a cost in USD with "+n unpriced" when n LLM calls had
// no price; "-" when there is neither.
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

// formatInt returns n with thin separators of thousands: 12 345.
func formatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u2009")
		}
		b.WriteRune(c)
	}
	return b.String()
}

// prettyJSON returns v as indented JSON, a string as it is, "" for nil.
func prettyJSON(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.RawMessage:
		var decoded any
		if json.Unmarshal(x, &decoded) == nil {
			v = decoded
		}
	}
	// Not escaped for HTML here: the page escapes it, and a prompt reads
	// better with its own < and > than with \u003c.
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// formatAnyInt is formatInt for the integer types the templates hold.
func formatAnyInt(v any) string {
	switch n := v.(type) {
	case int:
		return formatInt(int64(n))
	case int64:
		return formatInt(n)
	case uint64:
		return strconv.FormatUint(n, 10)
	default:
		return fmt.Sprint(v)
	}
}
