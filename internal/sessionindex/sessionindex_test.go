package sessionindex_test

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

func TestListSummarizesEveryDocument(t *testing.T) {
	f := sessionindextest.Write(t)
	before := dirState(t, f.Dir)
	rows, err := sessionindex.List(f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]sessionindex.Row{}
	var order []string
	for _, r := range rows {
		byID[r.ID] = r
		order = append(order, r.ID)
	}
	if len(rows) != 6 {
		t.Fatalf("got %d rows %v, want 6 (3 SDK sessions, running, recovered, malformed; the rest ignored)", len(rows), order)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Start.After(rows[i-1].Start) {
			t.Errorf("not newest first: %v", order)
		}
	}
	if i, j := index(order, f.FailID), index(order, f.SuccessID); i > j {
		t.Errorf("the later session (planner) comes after the earlier: %v", order)
	}
	if order[len(order)-1] != sessionindextest.RecoveredID {
		t.Errorf("the oldest session is not last: %v", order)
	}

	ok := byID[f.SuccessID]
	if ok.Name != "checkout" || ok.Status != "Success" || strings.Join(ok.Tags, ",") != "shop,eval" {
		t.Errorf("success row: %+v", ok)
	}
	if ok.LLMCalls != 2 || ok.ToolCalls != 1 || ok.Actions != 1 || ok.Errors != 0 ||
		ok.InputTokens != 130 || ok.OutputTokens != 50 || ok.Unpriced != 1 || math.Abs(ok.CostUSD-0.0125) > 1e-9 {
		t.Errorf("success figures: %+v", ok)
	}
	if ok.Duration <= 0 || ok.End.Before(ok.Start) {
		t.Errorf("success times: %+v", ok)
	}
	if fail := byID[f.FailID]; fail.Status != "Fail" || fail.Errors < 1 || fail.ToolCalls != 1 {
		t.Errorf("fail row: %+v", fail)
	}
	run := byID[sessionindextest.RunningID]
	if run.Status != sessionindex.StatusRunning || !run.Partial || run.Duration != 3*time.Second ||
		run.LLMCalls != 1 || run.CostUSD != 0.5 || run.InputTokens != 7 {
		t.Errorf("running row: %+v", run)
	}
	if rec := byID[sessionindextest.RecoveredID]; rec.Status != sessionindex.StatusRecovered || rec.EndState != "Indeterminate" || rec.Duration != time.Hour {
		t.Errorf("recovered row: %+v", rec)
	}
	bad := byID[sessionindextest.MalformedID]
	if bad.Status != sessionindex.StatusUnreadable || !strings.Contains(bad.Unreadable, "truncated") {
		t.Errorf("malformed row: %+v", bad)
	}
	if after := dirState(t, f.Dir); after != before {
		t.Errorf("the folder changed:\n%s\nthen\n%s", before, after)
	}
}

func TestListOfAMissingFolderIsAnError(t *testing.T) {
	_, err := sessionindex.List(filepath.Join(t.TempDir(), "none"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not exist", err)
	}
}

func TestReadRefusesWhatIsNotASessionID(t *testing.T) {
	f := sessionindextest.Write(t)
	// A file outside the folder that a traversal would reach.
	outside := filepath.Join(filepath.Dir(f.Dir), "x.json")
	if err := os.WriteFile(outside, []byte(`{}`), 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(outside)
	for _, id := range []string{"", "../x", "..", "/etc/passwd", outside, "journal", f.SuccessID + "/../x",
		strings.ToUpper(f.SuccessID), "{" + f.SuccessID[1:35] + "}", f.SuccessID + ".json", "urn:uuid:" + f.SuccessID,
		strings.ReplaceAll(f.SuccessID, "-", ""), f.SuccessID[:35] + "\x00"} {
		t.Run(id, func(t *testing.T) {
			if _, _, err := sessionindex.Read(f.Dir, id); !errors.Is(err, sessionindex.ErrInvalidID) {
				t.Errorf("Read(%q) = %v, want ErrInvalidID", id, err)
			}
		})
	}
}

func TestRead(t *testing.T) {
	f := sessionindextest.Write(t)
	tests := []struct {
		name, id, wantErr string
	}{
		{"complete", f.SuccessID, ""},
		{"running", sessionindextest.RunningID, ""},
		{"malformed", sessionindextest.MalformedID, "truncated JSON"},
		{"missing", "0195f3a2-7c1e-7d4b-9a3f-0000000000aa", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, raw, err := sessionindex.Read(f.Dir, tt.id)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := os.ReadFile(filepath.Join(f.Dir, tt.id+".json"))
			if doc.Session.SessionID != tt.id || string(raw) != string(stored) {
				t.Errorf("Read gave session %q and %d bytes, want %q and the %d stored", doc.Session.SessionID, len(raw), tt.id, len(stored))
			}
		})
	}
}

func TestReadRefusesTheDocumentOfAnotherSession(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000bb"
	doc := `{"session": {"session_id": "` + sessionindextest.RunningID + `", "init_timestamp": "2026-01-02T03:04:05.000000+00:00"}, "events": []}`
	if err := os.WriteFile(filepath.Join(dir, id+".json"), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sessionindex.Read(dir, id); err == nil || !strings.Contains(err.Error(), "not the document of session") {
		t.Errorf("err = %v", err)
	}
}

func TestReadRefusesAFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000dd"
	f, err := os.Create(filepath.Join(dir, id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: no disk is used.
	if err := errors.Join(f.Truncate(sessionindex.MaxDocumentSize+1), f.Close()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sessionindex.Read(dir, id); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("err = %v", err)
	}
	rows, err := sessionindex.List(dir)
	if err != nil || len(rows) != 1 || !strings.Contains(rows[0].Unreadable, "too large") {
		t.Errorf("List = %+v, %v", rows, err)
	}
	if err := os.Mkdir(filepath.Join(dir, "0195f3a2-7c1e-7d4b-9a3f-0000000000ee.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sessionindex.Read(dir, "0195f3a2-7c1e-7d4b-9a3f-0000000000ee"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a folder named as a document: err = %v", err)
	}
}

func index(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// dirState describes the folder's entries: names, sizes and times.
func dirState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(path + " " + info.ModTime().String() + " " + info.Mode().String() + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
