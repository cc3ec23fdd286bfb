package sessionindex

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

// TestLeanRowsEqualSummarize checks that the lean decode gives the Row
// Summarize gives for the fully decoded document, and Read's error for a
// file that is no document, on the fixtures recorded by the SDK, on
// generated documents of every kind, and on documents cut or changed.
func TestLeanRowsEqualSummarize(t *testing.T) {
	f := sessionindextest.Write(t)
	gen := t.TempDir()
	if g := writeSessions(t, gen, 100, 13); g.Running < 2 || g.Recovered < 2 || g.Malformed < 2 || g.Joined < 2 {
		t.Fatalf("generated %+v, want some documents of every kind", g)
	}
	var files int
	for _, dir := range []string{f.Dir, gen} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			id, ok := idOfFile(e.Name())
			if !ok || !e.Type().IsRegular() {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files++
			sameAsFull(t, id, data, e.Name())
			if dir == gen && json.Valid(data) {
				// The fast path, not the fallback, decodes a valid document.
				if lean, ok := stripDocument(data, true); !ok || len(lean) > len(data)/2 {
					t.Errorf("%s: stripped to %d of %d bytes (ok %v)", e.Name(), len(lean), len(data), ok)
				}
			}
			if files%10 == 0 {
				rng := rand.New(rand.NewPCG(uint64(files), 1))
				for range 8 {
					sameAsFull(t, id, data[:rng.IntN(len(data))], e.Name()+" cut")
				}
			}
		}
	}
	if files < 105 {
		t.Fatalf("compared %d files, want the 5 fixtures and 100 generated", files)
	}

	id := sessionindextest.RunningID
	base := `{"session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:05.000000+00:00", "host_env": {"OS": {"OS": "linux"}}}, "events": [` +
		`{"event_type": "llms", "model": "m", "prompt_tokens": 3, "cost": 0.5, "prompt": [{"role": "user", "content": "hi"}], "init_timestamp": "2026-01-02T03:04:06.000000+00:00"}]}`
	for name, doc := range map[string]string{
		"minimal":              base,
		"events a number":      `{"session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:05.000000+00:00"}, "events": 5}`,
		"session an array":     `{"session": [], "events": []}`,
		"stats a string":       `{"session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:05.000000+00:00"}, "stats": "x"}`,
		"another session":      `{"session": {"session_id": "0195f3a2-7c1e-7d4b-9a3f-0000000000aa", "init_timestamp": "2026-01-02T03:04:05.000000+00:00"}}`,
		"no init timestamp":    `{"session": {"session_id": "` + id + `"}}`,
		"a bad timestamp":      `{"session": {"session_id": "` + id + `", "init_timestamp": "yesterday"}}`,
		"not an object":        `[1, 2]`,
		"empty":                ``,
		"trailing garbage":     base + `x`,
		"a bad prompt escape":  string(bytes.Replace([]byte(base), []byte(`"hi"`), []byte(`"h\qi"`), 1)),
		"an uppercase key":     string(bytes.Replace([]byte(base), []byte(`"prompt_tokens"`), []byte(`"PROMPT_TOKENS"`), 1)),
		"a duplicated session": base[:len(base)-1] + `, "session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:07.000000+00:00"}}`,
	} {
		sameAsFull(t, id, []byte(doc), name)
	}
}

// sameAsFull checks the lean decode of data against the full one.
func sameAsFull(t *testing.T, id string, data []byte, what string) {
	t.Helper()
	var want Row
	doc, wantErr := decode(id, data)
	if wantErr == nil {
		want = Summarize(doc)
	}
	got, err := summarizeData(id, data)
	if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
		t.Errorf("%s: lean error %v, full error %v", what, err, wantErr)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: lean row\n%+v\nfull row\n%+v", what, got, want)
	}
}

// FuzzLeanRow checks the lean decode against the full one on any bytes:
// the same Row when both decode, Read's error when the lean one fails. The
// one difference allowed is documented: a stripped member of the wrong
// type fails only the full decode.
func FuzzLeanRow(f *testing.F) {
	id := sessionindextest.RunningID
	f.Add([]byte(`{"session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:05.000000+00:00", "host_env": {"OS": {"OS": "linux"}}}, "name": "n", ` +
		`"events": [{"event_type": "llms", "model": "m", "prompt_tokens": 3, "cost": 0.5, "prompt": [{"role": "user", "content": "h\u00e9\n"}], ` +
		`"init_timestamp": "2026-01-02T03:04:06.000000+00:00", "end_timestamp": null}, {"event_type": "tools", "params": {"a": [1, -2.5e3, true, false]}}], ` +
		`"spans": [{"span_id": "a"}], "stats": {"llm_calls": 1, "cost_usd": 1e-3}, "partial": true}`))
	f.Add([]byte(`{"session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:05Z", "end_timestamp": "2026-01-02T03:04:09Z", "end_state": "Success"}, "events": []}`))
	// A joined session: the owner's stats, the worker's process span with
	// its figures (one key escaped), its events, and a second worker with
	// no figures (killed), whose events count.
	f.Add([]byte(`{"session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:05Z", "end_timestamp": "2026-01-02T03:04:09Z"}, ` +
		`"events": [{"event_type": "llms", "span_id": "w1", "cost_usd": 0.25, "prompt_tokens": 4}, {"event_type": "tools", "span_id": "k1"}, ` +
		`{"event_type": "llms", "span_id": "o1", "model": "m"}], "stats": {"llm_calls": 1, "cost_usd": 0.5}, ` +
		`"spans": [{"span_id": "r", "kind": "session", "process": "1"}, {"span_id": "o1", "process": "1", "attributes": {"x": 1}}, ` +
		`{"span_id": "w0", "name": "worker.process", "process": "2", "attributes": {"agentops.session.llm_calls": 2, "agentops.session.cost\u005fusd": 0.5, "host.name": "h"}}, ` +
		`{"span_id": "w1", "process": "2"}, {"span_id": "k1", "process": "3", "start": "2026-01-02T03:04:06Z"}], ` +
		`"processes": [{"id": "1", "pid": 1}, {"id": "2", "inherited": true, "host": "h"}, {"id": "3", "inherited": true}]}`))
	// A span's time that does not parse: only the full decode reads it.
	f.Add([]byte(`{"session": {"session_id": "` + id + `", "init_timestamp": "2026-01-02T03:04:05Z"}, "spans": [{"span_id": "k1", "start": "yesterday"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, fullErr := decode(id, data)
		row, err := summarizeData(id, data)
		switch {
		case err != nil:
			if fullErr == nil || err.Error() != fullErr.Error() {
				t.Fatalf("lean error %v, full error %v", err, fullErr)
			}
		case fullErr != nil:
			// The lean decode does not read what it strips: a value of a
			// wrong type or a time that does not parse there fails only
			// the full decode (the row lists; the page says why it is
			// unreadable).
			var typeErr *json.UnmarshalTypeError
			var timeErr *time.ParseError
			if !errors.As(fullErr, &typeErr) && !errors.As(fullErr, &timeErr) {
				t.Fatalf("lean decoded what the full decode refused: %v", fullErr)
			}
		case !reflect.DeepEqual(row, Summarize(doc)):
			t.Fatalf("lean row\n%+v\nfull row\n%+v", row, Summarize(doc))
		}
	})
}
