package backend

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recordingTB records Skip and Fatal and ends its goroutine, as testing.T does.
type recordingTB struct {
	testing.TB
	skip, fatal string
}

func (r *recordingTB) Helper()           {}
func (r *recordingTB) Skip(args ...any)  { r.skip = fmt.Sprint(args...); runtime.Goexit() }
func (r *recordingTB) Fatal(args ...any) { r.fatal = fmt.Sprint(args...); runtime.Goexit() }

// callBinary runs binary(tb, name) on its own goroutine, so that Goexit ends
// only that goroutine, and returns the path it found.
func callBinary(tb *recordingTB, name string) (path string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		path = binary(tb, name)
	}()
	<-done
	return path
}

func TestBinaryMissing(t *testing.T) {
	for _, tt := range []struct {
		required  string
		wantFatal bool
	}{
		{required: "", wantFatal: false},
		{required: "0", wantFatal: false},
		{required: "1", wantFatal: true},
	} {
		t.Run("required="+tt.required, func(t *testing.T) {
			t.Setenv(EnvBin, t.TempDir())
			t.Setenv(EnvRequired, tt.required)
			tb := &recordingTB{}
			if path := callBinary(tb, "jaeger"); path != "" {
				t.Fatalf("binary returned %q for a missing binary", path)
			}
			got, other, method := tb.skip, tb.fatal, "Skip"
			if tt.wantFatal {
				got, other, method = tb.fatal, tb.skip, "Fatal"
			}
			if !strings.Contains(got, buildHint) || other != "" {
				t.Errorf("skip=%q fatal=%q, want the build hint through %s", tb.skip, tb.fatal, method)
			}
		})
	}
}

func TestBinaryFound(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvBin, dir)
	want := filepath.Join(dir, "otelcol")
	if err := os.WriteFile(want, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := callBinary(&recordingTB{}, "otelcol"); got != want {
		t.Errorf("binary = %q, want %q", got, want)
	}
}

func TestBinDirDefaultsToModuleRoot(t *testing.T) {
	t.Setenv(EnvBin, "")
	dir, err := binDir()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(dir) != ".bin" || modulePath(filepath.Join(filepath.Dir(dir), "go.mod")) != e2eModulePath {
		t.Errorf("binDir = %q, want the .bin directory beside the e2e go.mod", dir)
	}
}
