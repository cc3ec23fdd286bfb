package envconfig

import (
	"strings"
	"testing"
)

func TestReadOTLPEndpoint(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want OTLP
	}{
		{"none", nil, OTLP{}},
		{"base", map[string]string{EnvOTLPEndpoint: "http://h:4318"},
			OTLP{URL: "http://h:4318/v1/traces", Source: EnvOTLPEndpoint, Raw: "http://h:4318"}},
		{"base prefix", map[string]string{EnvOTLPEndpoint: "http://h:4318/gw"},
			OTLP{URL: "http://h:4318/gw/v1/traces", Source: EnvOTLPEndpoint, Raw: "http://h:4318/gw"}},
		{"traces bare", map[string]string{EnvOTLPTracesEndpoint: "http://h:4318/"},
			OTLP{URL: "http://h:4318/v1/traces", Source: EnvOTLPTracesEndpoint, Raw: "http://h:4318/"}},
		{"traces as is", map[string]string{EnvOTLPTracesEndpoint: "http://h:4318/custom/path"},
			OTLP{URL: "http://h:4318/custom/path", Source: EnvOTLPTracesEndpoint, Raw: "http://h:4318/custom/path"}},
		{"traces wins", map[string]string{EnvOTLPEndpoint: "http://a:4318", EnvOTLPTracesEndpoint: " http://b:4318/t "},
			OTLP{URL: "http://b:4318/t", Source: EnvOTLPTracesEndpoint, Raw: "http://b:4318/t"}},
		// Not a URL: kept as given, for its user to refuse naming the variable.
		{"not a URL", map[string]string{EnvOTLPEndpoint: "localhost:4318"},
			OTLP{URL: "localhost:4318", Source: EnvOTLPEndpoint, Raw: "localhost:4318"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Read(envOf(tc.env))
			if err != nil || c.OTLP != tc.want {
				t.Errorf("OTLP = %+v, %v; want %+v", c.OTLP, err, tc.want)
			}
		})
	}
}

// TestReadOTLPSettings: a protocol other than ours is kept in OTLP.Err (it
// is legal for another exporter, an error only when our endpoint is in
// use); compression, timeout and headers values that no exporter takes are
// errors of Read, naming the variable, with or without an endpoint.
func TestReadOTLPSettings(t *testing.T) {
	for _, tc := range []struct {
		name, value, want string
	}{
		{EnvOTLPProtocol, "grpc", `OTEL_EXPORTER_OTLP_PROTOCOL="grpc"`},
		{EnvOTLPTracesProtocol, "http/json", `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL="http/json"`},
	} {
		c, err := Read(envOf(map[string]string{tc.name: tc.value}))
		if err != nil {
			t.Errorf("%s=%q: Read returned %v; want the problem kept in OTLP.Err", tc.name, tc.value, err)
		}
		if c.OTLP.Err == nil || !strings.Contains(c.OTLP.Err.Error(), tc.want) {
			t.Errorf("%s=%q: OTLP.Err = %v, want it to contain %s", tc.name, tc.value, c.OTLP.Err, tc.want)
		}
	}
	for _, tc := range []struct {
		name, value, want string
	}{
		{EnvOTLPCompression, "zstd", `OTEL_EXPORTER_OTLP_COMPRESSION="zstd": want gzip or none`},
		{EnvOTLPTracesCompression, "br", `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION="br"`},
		{EnvOTLPTimeout, "10s", `OTEL_EXPORTER_OTLP_TIMEOUT="10s"`},
		{EnvOTLPTracesTimeout, "-1", `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT="-1"`},
		{EnvOTLPHeaders, "garbage", "OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not key=value"},
		{EnvOTLPHeaders, "a=1,s3cret", "OTEL_EXPORTER_OTLP_HEADERS: entry 2"},
		{EnvOTLPTracesHeaders, "=s3cret", "OTEL_EXPORTER_OTLP_TRACES_HEADERS: entry 1"},
	} {
		for _, endpoint := range []string{"", "http://h:4318"} {
			_, err := Read(envOf(map[string]string{tc.name: tc.value, EnvOTLPEndpoint: endpoint}))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s=%q (endpoint %q): Read = %v, want an error containing %s", tc.name, tc.value, endpoint, err, tc.want)
			}
			if err != nil && strings.Contains(tc.name, "HEADERS") && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%s: the error shows a header value: %v", tc.name, err)
			}
		}
	}
	for name, value := range map[string]string{
		EnvOTLPProtocol: "http/protobuf", EnvOTLPCompression: "gzip", EnvOTLPTracesCompression: "none",
		EnvOTLPTimeout: "0", EnvOTLPHeaders: "a=1, b = 2,,", EnvOTLPTracesHeaders: "x-token=a=b",
	} {
		if c, err := Read(envOf(map[string]string{name: value})); err != nil || c.OTLP.Err != nil {
			t.Errorf("%s=%q refused: %v, %v", name, value, err, c.OTLP.Err)
		}
	}
	c, _ := Read(envOf(map[string]string{EnvOTLPProtocol: "grpc", EnvOTLPTracesProtocol: "http/json"}))
	if n := len(c.OTLP.Err.(interface{ Unwrap() []error }).Unwrap()); n != 2 {
		t.Errorf("OTLP.Err holds %d errors, want 2: %v", n, c.OTLP.Err)
	}
}

// TestReadBoundsSizes: AGENTOPS_MAX_QUEUE_SIZE=2000000000 used to pass, and
// the process then died allocating the queue; a length limit of -7 passed
// too. Each bound is an error naming the variable and the bound.
func TestReadBoundsSizes(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{EnvMaxQueueSize, "2000000000", "from 1 to 1048576"},
		{EnvBSPMaxQueueSize, "1048577", "from 1 to 1048576"},
		{EnvBSPMaxExportBatch, "65537", "from 1 to 65536"},
		{EnvSpanAttrValueLimit, "-7", "-1 (no limit) or a whole number of characters from 1 to 16777216"},
		{EnvAttrValueLimit, "0", "-1 (no limit)"},
		{EnvAttrValueLimit, "16777217", "from 1 to 16777216"},
		{EnvFlushInterval, "99999999999999", "from 1 to 86400000"},
		{EnvBSPExportTimeout, "86400001", "from 1 to 86400000"},
	} {
		_, err := Read(envOf(map[string]string{tc.name: tc.value}))
		if err == nil || !strings.Contains(err.Error(), tc.name+`="`+tc.value+`"`) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%s: %v, want an error naming the variable and %q", tc.name, tc.value, err, tc.want)
		}
	}
	for name, value := range map[string]string{EnvMaxQueueSize: "1048576", EnvBSPMaxExportBatch: "65536",
		EnvSpanAttrValueLimit: "16777216", EnvAttrValueLimit: "-1", EnvFlushInterval: "86400000"} {
		if _, err := Read(envOf(map[string]string{name: value})); err != nil {
			t.Errorf("%s=%s at the bound refused: %v", name, value, err)
		}
	}
}

func TestTracesURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://otlp.agentops.ai":        "https://otlp.agentops.ai/v1/traces",
		"https://otlp.agentops.ai/":       "https://otlp.agentops.ai/v1/traces",
		"http://localhost:4318/v1/traces": "http://localhost:4318/v1/traces",
		"http://gw:4318/otlp":             "http://gw:4318/otlp/v1/traces",
		"http://gw:4318/otlp/v1/traces/":  "http://gw:4318/otlp/v1/traces/",
		"https://h/x?tenant=a":            "https://h/x/v1/traces?tenant=a",
		"http://%zz":                      "http://%zz",
	} {
		if got := TracesURL(in); got != want {
			t.Errorf("TracesURL(%q) = %q, want %q", in, got, want)
		}
	}
}
