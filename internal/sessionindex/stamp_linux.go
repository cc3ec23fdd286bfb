//go:build linux

package sessionindex

import (
	"io/fs"
	"syscall"
)

// changeStamp returns the inode number and the status-change time (in
// Unix nanoseconds) of info, and whether the system gave them.
func changeStamp(info fs.FileInfo) (inode, ctime uint64, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	sec, nsec := st.Ctim.Unix()
	return uint64(st.Ino), uint64(sec)*1e9 + uint64(nsec), true
}
