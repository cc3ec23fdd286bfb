package otelagentops

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/semconv"
)

// hostEnv returns the host environment attributes of a session root span:
// host name and architecture, OS type and description, Go runtime, CPU count
// and total memory. It is read once per process.
var hostEnv = sync.OnceValue(func() []attribute.KeyValue {
	attrs := []attribute.KeyValue{
		semconv.HostArch(runtime.GOARCH),
		semconv.OSType(runtime.GOOS),
		semconv.OSDescription(osDescription()),
		semconv.ProcessRuntimeName("go"),
		semconv.ProcessRuntimeVersion(runtime.Version()),
		semconv.CPUCount(runtime.NumCPU()),
	}
	if name, err := os.Hostname(); err == nil && name != "" {
		attrs = append(attrs, semconv.HostName(name))
	}
	if mem := memoryTotal(); mem > 0 {
		attrs = append(attrs, semconv.MemoryTotal(int(mem)))
	}
	return attrs
})

// osDescription returns the distribution's PRETTY_NAME on Linux, else the OS.
func osDescription() string {
	data, err := os.ReadFile("/etc/os-release")
	if err == nil {
		s := bufio.NewScanner(bytes.NewReader(data))
		for s.Scan() {
			if v, ok := strings.CutPrefix(s.Text(), "PRETTY_NAME="); ok {
				return strings.Trim(v, `"`) + " (" + runtime.GOOS + ")"
			}
		}
	}
	return runtime.GOOS
}

// memoryTotal returns the physical memory in bytes from /proc/meminfo, or 0
// where it cannot be read.
func memoryTotal() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	s := bufio.NewScanner(bytes.NewReader(data))
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}
