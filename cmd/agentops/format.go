package main

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/agentops-go/sdk/internal/readable"
	"github.com/agentops-go/sdk/internal/sessionindex"
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
