package viewer

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/agentops-go/sdk/internal/readable"
)

// Figures read the same on the web and in the terminal: internal/readable.
var (
	formatStart    = readable.Start
	formatDuration = readable.Duration
	formatUSD      = readable.USD
	formatCost     = readable.Cost
)

const (
	shortStartLayout = readable.ShortStartLayout
	startLayout      = readable.StartLayout
)

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
