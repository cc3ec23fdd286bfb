//go:build !linux

package sessionindex

import "io/fs"

// changeStamp returns no inode or status-change time: they are read only
// on Linux (syscall.Stat_t differs by system), elsewhere size and
// modification time decide.
func changeStamp(fs.FileInfo) (inode, ctime uint64, ok bool) { return 0, 0, false }
