package viewer

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

// Pages, details and versions served at once while the document is
// replaced and the index refreshed: run with -race.
func TestServingConcurrentSafe(t *testing.T) {
	dir := t.TempDir()
	id := "0195f3a2-7c1e-7d4b-9a3f-0000000000f2"
	writeDoc(t, dir, spanDoc(id, 40))
	v, ix := newViewer(t, dir)
	paths := []string{"/", "/overview", "/sessions/" + id, "/sessions/" + id + "?span=0000000000000004", "/sessions/" + id + "/spans/root",
		"/api/sessions", "/api/sessions/" + id, "/api/sessions/" + id + "/version", "/api/version", "/api/overview"}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := range 6 {
		wg.Go(func() {
			for i := range 20 {
				p := paths[(g+i)%len(paths)]
				if res := get(t, v, p); res.Status != 200 {
					errs <- fmt.Sprintf("%s: status %d", p, res.Status)
				}
			}
		})
	}
	wg.Go(func() {
		for n := range 10 {
			if err := errors.Join(replaceDoc(dir, spanDoc(id, 40+n)), ix.Refresh()); err != nil {
				errs <- err.Error()
			}
		}
	})
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
