package sessionindex_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/sessionindex/sessionindextest"
)

// TestIndexSkipsWhatIsNoDocumentAndNeverWrites indexes the fixtures with
// what else a session folder can hold: a symbolic link and a folder named
// as documents, other names, an empty file. Only documents are rows, the
// empty file an unreadable one; the folder is the same, byte for byte,
// after the index read it.
func TestIndexSkipsWhatIsNoDocumentAndNeverWrites(t *testing.T) {
	f := sessionindextest.Write(t)
	elsewhere := filepath.Join(t.TempDir(), "doc.json")
	data, err := os.ReadFile(filepath.Join(f.Dir, f.SuccessID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(elsewhere, data, 0o600); err != nil {
		t.Fatal(err)
	}
	const (
		linkID  = "0195f3a2-7c1e-7d4b-9a3f-0000000000a1"
		dirID   = "0195f3a2-7c1e-7d4b-9a3f-0000000000a2"
		emptyID = "0195f3a2-7c1e-7d4b-9a3f-0000000000a3"
	)
	if err := os.Symlink(elsewhere, filepath.Join(f.Dir, linkID+".json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(f.Dir, dirID+".json"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{emptyID + ".json": "", strings.ToUpper(f.SuccessID) + ".json": string(data),
		f.SuccessID + ".json.bak": string(data), f.SuccessID: string(data)} {
		if err := os.WriteFile(filepath.Join(f.Dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	before := folderContent(t, f.Dir)

	ix := sessionindex.NewIndex(f.Dir)
	for range 2 {
		if err := ix.Refresh(); err != nil {
			t.Fatal(err)
		}
	}
	p := ix.Query(sessionindex.Query{})
	got := map[string]sessionindex.Row{}
	for _, r := range p.Rows {
		got[r.ID] = r
	}
	if len(got) != 7 || !p.Complete {
		t.Fatalf("%d rows (complete %v), want the 6 fixtures and the empty file: %v", len(got), p.Complete, got)
	}
	if r := got[emptyID]; r.Status != sessionindex.StatusUnreadable || !strings.Contains(r.Unreadable, "JSON") || r.Start.IsZero() {
		t.Errorf("the empty file: %+v", r)
	}
	if r := got[sessionindextest.MalformedID]; r.Status != sessionindex.StatusUnreadable || !strings.Contains(r.Unreadable, "truncated") {
		t.Errorf("the malformed file: %+v", r)
	}
	if after := folderContent(t, f.Dir); after != before {
		t.Errorf("the folder changed:\n%s\nthen\n%s", before, after)
	}
}

func TestIndexRowOfAFileItMayNotRead(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	f := sessionindextest.Write(t)
	path := filepath.Join(f.Dir, f.FailID+".json")
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	ix := sessionindex.NewIndex(f.Dir)
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	p := ix.Query(sessionindex.Query{Status: sessionindex.StatusUnreadable})
	if p.Matched != 2 {
		t.Fatalf("%d unreadable rows, want the malformed file and the one without permission: %+v", p.Matched, p.Rows)
	}
	for _, r := range p.Rows {
		if r.ID == f.FailID && !strings.Contains(r.Unreadable, "permission denied") {
			t.Errorf("the file without permission: %+v", r)
		}
	}
}

func TestIndexOfAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sessions")
	ix := sessionindex.NewIndex(dir)
	if err := ix.Refresh(); !errorsIsNotExist(err) {
		t.Fatalf("Refresh of a missing folder: %v", err)
	}
	if p := ix.Query(sessionindex.Query{}); p.Complete || p.Total != 0 || ix.Version() != 0 {
		t.Errorf("after the failed refresh: %+v, version %d", p, ix.Version())
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Run refreshes at once and then on its ticks, so the folder made
	// since is read; a non-positive interval is the default one.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ix.Run(ctx, 0)
	}()
	for !ix.Query(sessionindex.Query{}).Complete {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if p := ix.Query(sessionindex.Query{}); p.Total != 0 || p.Pending != 0 || ix.Version() != 1 {
		t.Errorf("an empty folder: %+v, version %d", p, ix.Version())
	}
}

func errorsIsNotExist(err error) bool { return err != nil && os.IsNotExist(err) }

// folderContent describes every entry of dir: name, mode, modification
// time and, for a file, a hash of its bytes.
func folderContent(t *testing.T, dir string) string {
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
		b.WriteString(path + " " + info.Mode().String() + " " + info.ModTime().String())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			b.WriteString(" " + hex.EncodeToString(sum[:]))
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
