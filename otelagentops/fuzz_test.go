package otelagentops

import (
	"errors"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// fuzzEnvNames are the variables newConfig reads; a fuzzed environment is
// built over them so that the fuzzer reaches every parser.
var fuzzEnvNames = []string{
	envconfig.EnvAPIKey, envconfig.EnvAPIEndpoint, envconfig.EnvExporterEndpoint, envconfig.EnvAppURL, envconfig.EnvDefaultTags, envconfig.EnvAutoStartSession,
	envconfig.EnvEnvDataOptOut, envconfig.EnvMaxQueueSize, envconfig.EnvMaxWaitTime, envconfig.EnvFlushInterval, envconfig.EnvLogLevel, envconfig.EnvTraceContent,
	envconfig.EnvInheritedSessionID, envconfig.EnvOTelCaptureContent, envconfig.EnvOTelServiceName, envconfig.EnvBSPMaxQueueSize, envconfig.EnvBSPScheduleDelay,
	envconfig.EnvBSPExportTimeout, envconfig.EnvBSPMaxExportBatch, envconfig.EnvAttrValueLimit, envconfig.EnvSpanAttrValueLimit, envconfig.EnvSessionDir,
	envconfig.EnvOTLPEndpoint, envconfig.EnvOTLPTracesEndpoint, envconfig.EnvOTLPProtocol, envconfig.EnvOTLPCompression, envconfig.EnvOTLPTimeout, envconfig.EnvOTLPHeaders,
}

// fuzzEnv turns a blob into an environment: each line "<index>=<value>"
// sets the variable fuzzEnvNames[index % len].
func fuzzEnv(blob string) map[string]string {
	env := map[string]string{}
	for _, line := range strings.Split(blob, "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok || k == "" {
			continue
		}
		env[fuzzEnvNames[int(k[0])%len(fuzzEnvNames)]] = v
	}
	return env
}

// FuzzNewConfig resolves configurations from fuzzed environments: it never
// panics; a refused one is an error that never shows the API key; an
// accepted one satisfies what the client relies on.
func FuzzNewConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		"\x00=0b9e8f3a-5c1d-4e7f-9a2b-3c4d5e6f7a8b\n\x01=http://localhost:8080\n\x07=100\n\x09=250",
		"\x00=secret-key-not-a-uuid-1234567890\n\x07=-5\n\x0a=loud",
		"\x0b=maybe\n\x0c=8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11\n\x13=-1\n\x14=0",
		"\x04= a, b ,,c\n\x17=http://[::1]:4318/otlp\n\x19=grpc\n\x1b=a=1,b",
		"\x01=ftp://nope\n\x02=://\n\x03=http://%zz\n\x12=9999999999999999999999",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, blob string) {
		env := fuzzEnv(blob)
		c, err := newConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, nil)
		if err != nil {
			if leaksAPIKey(env, err) {
				t.Fatalf("the error shows the API key: %v", err)
			}
			return
		}
		if c.maxQueueSize <= 0 || c.maxExportBatchSize <= 0 || c.flushInterval <= 0 || c.exportTimeout <= 0 || c.logger == nil {
			t.Fatalf("accepted an unusable configuration: %+v", c)
		}
		for _, u := range []string{c.apiEndpoint, c.exporterEndpoint, c.appURL} {
			if envconfig.CheckURL(u) != nil {
				t.Fatalf("accepted the URL %q", u)
			}
		}
		if c.apiKey != "" && envconfig.CheckAPIKey(c.apiKey) != nil {
			t.Fatalf("accepted the API key %q", c.apiKey)
		}
		if c.inheritedSessionID != "" {
			if _, err := ParseSessionID(c.inheritedSessionID); err != nil {
				t.Fatalf("accepted the inherited session ID %q", c.inheritedSessionID)
			}
		}
	})
}

// leaksAPIKey reports whether err, refusing env, shows its API key. The
// key's text can be in the message by coincidence (another variable's
// quoted value may contain it), so the test is differential: the
// configuration is resolved again with every letter and digit of the key
// rotated (which keeps a UUID a UUID), and the key leaks if it is found
// more often in err than in that second error.
func leaksAPIKey(env map[string]string, err error) bool {
	key := strings.TrimSpace(env[envconfig.EnvAPIKey])
	if len(key) < 5 {
		return false // shorter runs turn up in any message by chance
	}
	other := make(map[string]string, len(env))
	for k, v := range env {
		other[k] = v
	}
	other[envconfig.EnvAPIKey] = strings.Map(rotateAlnum, env[envconfig.EnvAPIKey])
	_, err2 := newConfig(func(k string) (string, bool) { v, ok := other[k]; return v, ok }, nil)
	shown := ""
	if err2 != nil {
		shown = err2.Error()
	}
	return strings.Count(err.Error(), key) > strings.Count(shown, key)
}

// rotateAlnum maps a hex digit to the next one (f to 0, F to 0) and any
// other letter to the next letter, keeping everything else.
func rotateAlnum(r rune) rune {
	switch {
	case r == 'f' || r == 'F' || r == '9':
		return map[rune]rune{'f': '0', 'F': '0', '9': 'a'}[r]
	case r >= '0' && r <= '8', r >= 'a' && r <= 'e', r >= 'A' && r <= 'E':
		return r + 1
	case r == 'z':
		return 'g'
	case r == 'Z':
		return 'G'
	case r >= 'g' && r < 'z', r >= 'G' && r < 'Z':
		return r + 1
	}
	return r
}

// FuzzParseSessionID parses fuzzed session IDs: it never panics; an error
// wraps ErrInvalidSessionID and stays short however long the input; an
// accepted ID is valid and round-trips through both of its text forms.
func FuzzParseSessionID(f *testing.F) {
	for _, seed := range []string{
		"8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11", "8f1b1a523c0e4a4e9b396f1c7e0f2d11", " 8F1B1A52-3C0E-4A4E-9B39-6F1C7E0F2D11\n",
		"00000000-0000-0000-0000-000000000000", "00000000000000000000000000000000", "{8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11}",
		"urn:uuid:8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11", "8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d1", "zzzzzzzz-zzzz", "\xff\xfe",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseSessionID(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidSessionID) || len(err.Error()) > 400 {
				t.Fatalf("error %q (%d bytes)", err, len(err.Error()))
			}
			return
		}
		if !id.IsValid() {
			t.Fatalf("accepted the zero ID from %q", s)
		}
		for _, form := range []string{id.String(), id.TraceID().String()} {
			if again, err := ParseSessionID(form); err != nil || again != id {
				t.Fatalf("%q → %v → %q → %v, %v", s, id, form, again, err)
			}
		}
	})
}

// TestLeaksAPIKeyTellsALeakFromACoincidence pins the fuzz oracle: a key in
// the error is a leak; a key found only inside another variable's quoted
// value (a case the fuzzer found) is not.
func TestLeaksAPIKeyTellsALeakFromACoincidence(t *testing.T) {
	env := map[string]string{envconfig.EnvAPIKey: "secret-key-not-a-uuid-1234567890"}
	if !leaksAPIKey(env, errors.New("bad key secret-key-not-a-uuid-1234567890")) {
		t.Error("a key quoted in the error was not seen as a leak")
	}
	env = map[string]string{envconfig.EnvAPIKey: `"0000000000000`, envconfig.EnvOTLPEndpoint: "0000000000000"}
	_, err := newConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, nil)
	if err == nil {
		t.Fatal("the configuration was accepted")
	}
	if leaksAPIKey(env, err) {
		t.Errorf("a coincidence was seen as a leak: %v", err)
	}
}
