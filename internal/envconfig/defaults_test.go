package envconfig

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestDocTablesStateTheDefaults keeps the variable tables of the public
// packages' doc.go in step with the defaults here: each row of a variable
// names its default as a user writes it.
func TestDocTablesStateTheDefaults(t *testing.T) {
	common := map[string]string{
		EnvAPIEndpoint:      DefaultAPIEndpoint,
		EnvExporterEndpoint: DefaultExporterEndpoint,
	}
	client := map[string]string{
		EnvAppURL:             DefaultAppURL,
		EnvAutoStartSession:   "true",
		EnvEnvDataOptOut:      "false",
		EnvMaxQueueSize:       fmt.Sprint(DefaultMaxQueueSize),
		EnvFlushInterval:      fmt.Sprint(DefaultFlushInterval.Milliseconds()),
		EnvMaxWaitTime:        fmt.Sprint(DefaultFlushInterval.Milliseconds()),
		EnvLogLevel:           strings.ToLower(DefaultLogLevel.String()),
		EnvTraceContent:       "true",
		EnvOTelCaptureContent: "true",
		EnvOTelServiceName:    DefaultServiceName,
		EnvBSPMaxQueueSize:    fmt.Sprint(DefaultMaxQueueSize),
		EnvBSPScheduleDelay:   fmt.Sprint(DefaultFlushInterval.Milliseconds()),
		EnvBSPExportTimeout:   fmt.Sprint(DefaultExportTimeout.Milliseconds()),
		EnvBSPMaxExportBatch:  fmt.Sprint(DefaultMaxExportBatchSize),
		EnvSpanAttrValueLimit: fmt.Sprint(DefaultAttributeValueLengthLimit),
		EnvAttrValueLimit:     fmt.Sprint(DefaultAttributeValueLengthLimit),
	}
	for k, v := range common {
		client[k] = v
	}
	for file, want := range map[string]map[string]string{"../../otelagentops/doc.go": client, "../../exporter/doc.go": common} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rows := map[string][]string{}
		for _, line := range strings.Split(string(src), "\n") {
			if f := strings.Fields(strings.TrimPrefix(line, "//")); len(f) > 1 && strings.HasPrefix(line, "//\t") {
				rows[f[0]] = f[1:]
			}
		}
		for name, def := range want {
			row, ok := rows[name]
			if !ok {
				t.Errorf("%s: no row for %s", file, name)
				continue
			}
			if !slices.Contains(row, def) {
				t.Errorf("%s: the row of %s is %q; want it to state the default %s", file, name, strings.Join(row, " "), def)
			}
		}
	}
}
