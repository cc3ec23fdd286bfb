package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/agentops-go/sdk/internal/sessionindex"
)

// runSessions runs "agentops sessions [--json] [dir]".
func runSessions(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sessions", stderr)
	asJSON := fs.Bool("json", false, "print the rows as a JSON array")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	dir := sessionDir(pos, 0)
	rows, err := sessionindex.List(dir)
	if err != nil {
		return fmt.Errorf("reading the session folder: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintf(stdout, "no sessions in %s\n", dir)
		return err
	}
	return writeTable(stdout, rows)
}

// writeTable writes rows as an aligned table, one session a line.
func writeTable(w io.Writer, rows []sessionindex.Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SESSION ID\tNAME\tTAGS\tSTATE\tSTART\tDURATION\tCOST\tTOKENS IN/OUT\tLLM\tTOOL\tACTION\tERR")
	for _, r := range rows {
		if r.Unreadable != "" {
			// Every column, then the reason past the last one: it does
			// not widen a column. The start is the file's modification.
			fmt.Fprintf(tw, "%s\t-\t-\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t%s: %s\n", r.ID, sessionindex.StatusUnreadable,
				formatStart(r.Start, shortStartLayout), sessionindex.StatusUnreadable, oneLine(r.Unreadable, 200))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\n",
			r.ID, orDash(oneLine(r.Name, 40)), orDash(oneLine(strings.Join(r.Tags, ","), 40)), state(r),
			formatStart(r.Start, shortStartLayout), formatDuration(r.Duration), formatCost(r.CostUSD, r.Unpriced),
			formatTokens(r.InputTokens, r.OutputTokens), r.LLMCalls, r.ToolCalls, r.Actions, r.Errors)
	}
	return tw.Flush()
}
