package viewer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/sessiondoc"
)

// docCache keeps the last documents read, keyed by session ID and checked
// against the file's modification time and size at every use: a document
// is decoded once per version of its file, however often its page, its
// details and its version are asked for. It holds at most max entries and
// forgets the least recently used.
type docCache struct {
	dir string
	max int

	mu      sync.Mutex
	entries map[string]*cachedDoc
	tick    uint64
}

// cachedDoc is one document as read at one version of its file.
type cachedDoc struct {
	version  string // fileVersion of the file the document was read from
	doc      *sessiondoc.Document
	raw      []byte
	err      error // why the file is not a readable document
	lastUsed uint64

	once sync.Once
	wf   *waterfall
	row  sessionindex.Row
}

// view returns the document's waterfall and summary row, made once per
// version of its file. The entry must hold a readable document.
func (e *cachedDoc) view() (*waterfall, *sessionindex.Row) {
	e.once.Do(func() {
		e.wf = newWaterfall(e.doc)
		e.row = sessionindex.Summarize(e.doc)
	})
	return e.wf, &e.row
}

func newDocCache(dir string, max int) *docCache {
	return &docCache{dir: dir, max: max, entries: map[string]*cachedDoc{}}
}

// fileVersion returns a string that changes whenever the document of
// session id is replaced: its modification time and size. The error is
// that of stat (fs.ErrNotExist for an unknown session). The caller checks
// id with sessionindex.ValidID first.
func fileVersion(dir, id string) (string, error) {
	info, err := os.Stat(sessionindex.Path(dir, id))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%x-%x", info.ModTime().UnixNano(), info.Size()), nil
}

// get returns the document of session id: from the cache when its file
// has not changed since it was read, else read again. A missing file is an
// error matching fs.ErrNotExist; an unreadable one is a cachedDoc with err
// set. The returned entry must not be modified.
func (c *docCache) get(id string) (*cachedDoc, error) {
	if !sessionindex.ValidID(id) {
		return nil, fmt.Errorf("%w: %q", sessionindex.ErrInvalidID, id)
	}
	// The version is taken before the read: if the file changes between
	// the two, the next get sees another version and reads it again.
	version, err := fileVersion(c.dir, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.tick++
	if e, ok := c.entries[id]; ok && e.version == version {
		e.lastUsed = c.tick
		c.mu.Unlock()
		return e, nil
	}
	c.mu.Unlock()

	doc, raw, err := sessionindex.Read(c.dir, id)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err // removed since the stat
	}
	e := &cachedDoc{version: version, doc: doc, raw: raw, err: err}
	c.mu.Lock()
	defer c.mu.Unlock()
	e.lastUsed = c.tick
	c.entries[id] = e
	for len(c.entries) > c.max {
		c.evictOldest()
	}
	return e, nil
}

// evictOldest forgets the least recently used entry. c.mu is held.
func (c *docCache) evictOldest() {
	var oldest string
	var at uint64 = 1<<64 - 1
	for id, e := range c.entries {
		if e.lastUsed < at {
			oldest, at = id, e.lastUsed
		}
	}
	delete(c.entries, oldest)
}
