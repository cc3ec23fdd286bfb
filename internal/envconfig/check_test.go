package envconfig

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckAPIKey(t *testing.T) {
	for _, key := range []string{testKey, strings.ToUpper(testKey)} {
		if err := CheckAPIKey(key); err != nil {
			t.Errorf("CheckAPIKey(%q) = %v", key, err)
		}
	}
	for _, key := range []string{"", "tiny1", "sk-live-0123456789abcdefSECRETwxyz", "6f9c2a1e4b7d4c8e9a3f2d5e8b1c7a90",
		"{" + testKey + "}", "urn:uuid:" + testKey, testKey + " "} {
		err := CheckAPIKey(key)
		if !errors.Is(err, ErrMalformedAPIKey) {
			t.Fatalf("CheckAPIKey(%q) = %v, want ErrMalformedAPIKey", key, err)
		}
		if !strings.Contains(err.Error(), KeysURL) {
			t.Errorf("error %q does not say where to find a key", err)
		}
		for i := 0; i+4 <= len(key); i++ {
			if part := key[i : i+4]; strings.Contains(err.Error(), part) {
				t.Errorf("error %q shows %q of the key", err, part)
			}
		}
	}
}

func TestCheckURL(t *testing.T) {
	for _, s := range []string{"https://api.agentops.ai", "http://localhost:8080/x", "http://[::1]:4318"} {
		if err := CheckURL(s); err != nil {
			t.Errorf("CheckURL(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "api.agentops.ai", "localhost:4318", "ftp://x", "://", "http://%zz", "https://"} {
		if CheckURL(s) == nil {
			t.Errorf("CheckURL(%q) accepted", s)
		}
	}
}

func TestCheckSecure(t *testing.T) {
	for _, tc := range []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"https://api.example.com", false, true},
		{"http://api.example.com", false, false},
		{"http://api.example.com", true, true},
		{"http://10.1.2.3:1", false, false},
		{"http://localhost:1", false, true},
		{"http://LOCALHOST:1", false, true},
		{"http://app.localhost", false, true},
		{"http://127.0.0.2:1", false, true},
		{"http://[::1]:1", false, true},
		{"http://localhost.example.com", false, false},
	} {
		err := CheckSecure(tc.url, tc.insecure)
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, ErrInsecureEndpoint)) {
			t.Errorf("CheckSecure(%q, %v) = %v", tc.url, tc.insecure, err)
		}
	}
	if err := CheckSecure("http://%zz", false); err == nil || errors.Is(err, ErrInsecureEndpoint) {
		t.Errorf("CheckSecure of an unparsable URL = %v, want the parse error", err)
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "Localhost": true, "a.localhost": true, "127.0.0.1": true, "::1": true,
		"10.0.0.1": false, "example.com": false, "localhost.example.com": false, "": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
