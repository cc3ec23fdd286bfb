package envconfig

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// OTLP is the OTLP/HTTP endpoint the environment names, if any.
type OTLP struct {
	URL    string // the traces URL (see TracesURL); "" for none
	Source string // the variable that set URL, for errors
	Raw    string // that variable's value as given, for errors

	// Err holds the problems with OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL,
	// which otlptracehttp applies itself: a protocol other than
	// http/protobuf is legal for another exporter and matters only when an
	// OTLP endpoint is in use, by option or by variable, so Read does not
	// return it. Bad compression, timeout and headers values, which no
	// exporter takes, are returned by Read.
	Err error
}

// otlp reads the OTLP endpoint. The traces variable wins over the generic
// one; the generic one is a base URL (/v1/traces is appended), the traces
// one is used as is, except that a URL without a path gets /v1/traces (no
// receiver listens on "/"). The URL is checked by its user, which names
// the option or variable that set it.
func (r *reader) otlp() OTLP {
	var o OTLP
	base, _ := r.get(EnvOTLPEndpoint)
	traces, _ := r.get(EnvOTLPTracesEndpoint)
	switch {
	case traces != "":
		o.URL, o.Source, o.Raw = traces, EnvOTLPTracesEndpoint, traces
		if u, err := url.Parse(traces); err == nil && (u.Path == "" || u.Path == "/") {
			o.URL = TracesURL(traces)
		}
	case base != "":
		o.URL, o.Source, o.Raw = TracesURL(base), EnvOTLPEndpoint, base
	}
	// A protocol other than ours is legal for another exporter in the
	// process: it is an error only when our OTLP endpoint is in use.
	check := &reader{lookup: r.lookup}
	for _, name := range []string{EnvOTLPProtocol, EnvOTLPTracesProtocol} {
		if v, ok := check.get(name); ok && v != "http/protobuf" {
			check.fail(name, v, "the SDK exports OTLP/HTTP with protobuf bodies: want http/protobuf, and an OTLP/HTTP endpoint (port 4318)")
		}
	}
	o.Err = errors.Join(check.errs...)
	// Compression, timeout and headers that the OTLP specification allows
	// no exporter are errors whether or not an endpoint is set: a typo
	// must not wait for the day an endpoint is added.
	for _, name := range []string{EnvOTLPCompression, EnvOTLPTracesCompression} {
		if v, ok := r.get(name); ok && v != "gzip" && v != "none" {
			r.fail(name, v, "want gzip or none")
		}
	}
	for _, name := range []string{EnvOTLPTimeout, EnvOTLPTracesTimeout} {
		if v, ok := r.get(name); ok {
			if n, err := strconv.Atoi(v); err != nil || n < 0 {
				r.fail(name, v, "want a whole number of milliseconds")
			}
		}
	}
	for _, name := range []string{EnvOTLPHeaders, EnvOTLPTracesHeaders} {
		if v, ok := r.get(name); ok {
			if err := checkHeaders(v); err != nil {
				// The value is not shown: headers carry credentials.
				r.errs = append(r.errs, fmt.Errorf("%s: %w", name, err))
			}
		}
	}
	return o
}

// checkHeaders checks a W3C-baggage-style list: key=value[,key=value].
func checkHeaders(s string) error {
	for i, item := range strings.Split(s, ",") {
		k, _, ok := strings.Cut(item, "=")
		if strings.TrimSpace(item) == "" {
			continue
		}
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("entry %d is not key=value (values are not shown, they may be credentials)", i+1)
		}
	}
	return nil
}

// TracesURL returns the OTLP/HTTP traces URL of the base URL base: its path
// with "/v1/traces" appended, unless the path already ends in /v1/traces.
// otlptracehttp's WithEndpointURL uses a URL's path as is (a bare base URL
// posts to "/"), so exporters must be given this full URL.
func TracesURL(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	if !strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/v1/traces") {
		u.Path = strings.TrimRight(u.Path, "/") + "/v1/traces"
	}
	return u.String()
}
