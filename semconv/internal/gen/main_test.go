package main

import (
	"bytes"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestGeneratedFileIsCurrent fails when keys.tsv was edited without running
// go generate ./semconv.
func TestGeneratedFileIsCurrent(t *testing.T) {
	table, err := os.ReadFile("../../keys.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(table)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../attributes.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("semconv/attributes.go is stale: run go generate ./semconv")
	}
}

func TestGenerateRejectsBadTables(t *testing.T) {
	for name, table := range map[string]string{
		"too few fields": "## g\nA\ta.b\tstring\t-\n",
		"unknown type":   "## g\nA\ta.b\tcomplex\t-\tdoc\n",
		"no group":       "A\ta.b\tstring\t-\tdoc\n",
		"duplicate":      "## g\nA\ta.b\tstring\t-\tdoc\nA\ta.c\tstring\t-\tdoc\n",
	} {
		if _, err := generate([]byte(table)); err == nil {
			t.Errorf("%s: generate accepted %q", name, table)
		}
	}
}
