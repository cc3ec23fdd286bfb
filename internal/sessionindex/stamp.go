package sessionindex

import (
	"io/fs"
	"time"
)

// racyWindow is how long after its last modification a file's stamp is
// not trusted to tell a later rewrite (see fileStamp). It covers the
// timestamp granularity of every common file system: a few milliseconds on
// Linux (a kernel clock tick), 2 seconds on FAT.
const racyWindow = 2 * time.Second

// fileStamp is what a listing of the folder says of a file, cheaply (one
// lstat, no read): a Refresh re-reads a file only when its stamp changed,
// or when the stamp it was read with was racy.
//
// The rule: a file is re-read when its size, its modification time, its
// inode number or its status-change time (ctime) differ from those it was
// last read with. A Sink replaces a document by renaming a new file over
// it, so a rewrite is a new inode with a new ctime even when the size and
// the modification time (of the same clock tick) are the same. The inode
// could come back (a freed one reused) and the clock tick could be coarse,
// so, as git does with its "racily clean" entries, a stamp whose
// modification time is within racyWindow of the listing that saw it is
// racy: its file is read again at every Refresh until its modification
// time is older than that (a running session's document, rewritten every
// few seconds, costs a read per Refresh; an old one, only its lstat).
// Where they are not read (a system other than Linux), size and
// modification time decide, with the same racy rule.
type fileStamp struct {
	size          int64
	modTime       int64 // Unix nanoseconds
	inode, ctime  uint64
	changeTimeSet bool // inode and ctime are known
}

// stampOf returns the stamp of info, a file's lstat.
func stampOf(info fs.FileInfo) fileStamp {
	s := fileStamp{size: info.Size(), modTime: info.ModTime().UnixNano()}
	s.inode, s.ctime, s.changeTimeSet = changeStamp(info)
	return s
}

// racy reports whether s, listed at listedAt, cannot tell a rewrite of its
// file within the same clock tick (see fileStamp).
func (s fileStamp) racy(listedAt time.Time) bool {
	return s.modTime >= listedAt.Add(-racyWindow).UnixNano()
}

// modified returns the modification time of s, zero when s is unknown.
func (s fileStamp) modified() time.Time {
	if s == (fileStamp{}) {
		return time.Time{}
	}
	return time.Unix(0, s.modTime)
}
