package otelagentops

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// TestUnwritableSessionDirFailsNew: an unusable AGENTOPS_SESSION_DIR used
// to pass New and Init, and every session's file was then lost at its end.
// A folder under a regular file cannot be created, even by root.
func TestUnwritableSessionDirFailsNew(t *testing.T) {
	clearExportEnv(t)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(file, "sessions")
	quiet := WithLogger(slog.New(slog.DiscardHandler))

	t.Setenv(envconfig.EnvSessionDir, bad)
	if _, err := New(context.Background(), quiet); err == nil || !strings.Contains(err.Error(), envconfig.EnvSessionDir) {
		t.Errorf("New with %s=%s: %v, want an error naming the variable", envconfig.EnvSessionDir, bad, err)
	}
	if _, err := New(context.Background(), quiet, WithSessionDir(bad)); err == nil || !strings.Contains(err.Error(), "WithSessionDir") {
		t.Errorf("New with WithSessionDir(%s): %v, want an error naming the option", bad, err)
	}
	// Not checked when the sink is off.
	c, err := New(context.Background(), quiet, WithoutSessionSink())
	if err != nil {
		t.Fatalf("with the sink off: %v", err)
	}
	_ = c.Shutdown(context.Background())

	// A folder that does not exist yet is created, and left empty.
	good := filepath.Join(t.TempDir(), "a", "b")
	c, err = New(context.Background(), quiet, WithSessionDir(good))
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Shutdown(context.Background())
	if entries, err := os.ReadDir(good); err != nil || len(entries) != 0 {
		t.Errorf("session folder: %v, %d entries; want it created and empty", err, len(entries))
	}
}

// TestWhiteSpaceTagsAreDropped: a tag of white space only used to be kept.
func TestWhiteSpaceTagsAreDropped(t *testing.T) {
	r := newRecorded(t, WithDefaultTags(" ", "base"))
	ctx, s, err := r.client.StartSession(context.Background(), WithTags("\t", " a ", "a", ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Tags(); !slices.Equal(got, []string{"base", "a"}) {
		t.Errorf("tags %q, want [base a]", got)
	}
	_ = s.AddTags("  ", "b")
	if got := s.Tags(); !slices.Equal(got, []string{"base", "a", "b"}) {
		t.Errorf("tags after AddTags %q, want [base a b]", got)
	}
	_ = s.End(ctx, semconv.EndStateSuccess)
	if got := attr(t, r.span(t, "default.session"), semconv.AgentOpsTagsKey).AsStringSlice(); !slices.Equal(got, []string{"base", "a", "b"}) {
		t.Errorf("recorded tags %q", got)
	}
}

// TestCostIsRoundedForDisplay: the summary shows a cost rounded to 6
// decimals, and a cost below that is not shown as $0.000000; CostUSD stays
// exact.
func TestCostIsRoundedForDisplay(t *testing.T) {
	for _, tc := range []struct {
		cost float64
		want string
	}{
		{0.0003 + 0.00042, "Cost: $0.000720 |"},
		{0.0007199999999999999, "Cost: $0.000720 |"},
		{0.0000002, "Cost: $<0.000001 |"},
		{0, "Cost: $0.00 |"},
		{12.5, "Cost: $12.500000 |"},
	} {
		if got := (Stats{CostUSD: tc.cost}).String(); !strings.Contains(got, tc.want) {
			t.Errorf("Stats{CostUSD: %v}.String() = %q, want %q", tc.cost, got, tc.want)
		}
	}
}
