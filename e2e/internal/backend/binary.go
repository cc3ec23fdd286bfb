package backend

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	// EnvBin names the directory holding the backend binaries.
	EnvBin = "AGENTOPS_E2E_BIN"
	// EnvRequired, when "1", turns a missing binary into a test failure.
	EnvRequired = "AGENTOPS_E2E_REQUIRED"

	e2eModulePath = "github.com/agentops-go/sdk/e2e"
	buildHint     = "run .ci/build-backends (or .ci/run) to build Jaeger and the Collector"
)

// binary returns the path of the named backend binary. If it is missing, the
// test is skipped, or failed when EnvRequired is "1".
func binary(t testing.TB, name string) string {
	t.Helper()
	dir, err := binDir()
	if err == nil {
		path := filepath.Join(dir, name)
		var info os.FileInfo
		if info, err = os.Stat(path); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0 {
			return path
		}
		if err == nil {
			err = fmt.Errorf("%s is not an executable file", path)
		}
	}
	msg := fmt.Sprintf("backend: %s binary unavailable (%v): %s", name, err, buildHint)
	if os.Getenv(EnvRequired) == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// binDir returns EnvBin if set, or else the .bin directory at the root of the
// e2e module, found by walking up from the working directory.
func binDir() (string, error) {
	if dir := os.Getenv(EnvBin); dir != "" {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if modulePath(filepath.Join(dir, "go.mod")) == e2eModulePath {
			return filepath.Join(dir, ".bin"), nil
		}
		if parent := filepath.Dir(dir); parent == dir {
			return "", errors.New("no enclosing " + e2eModulePath + " module; set " + EnvBin)
		}
	}
}

// modulePath returns the module path declared by the go.mod at path, or "".
func modulePath(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
