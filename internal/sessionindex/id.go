package sessionindex

import (
	"path/filepath"
	"strings"
)

// fileExt is the extension of a session document's file name.
const fileExt = ".json"

// ValidID reports whether id is a session ID in the canonical UUID form a
// Sink names its files with: 36 characters, lowercase hexadecimal digits
// with hyphens after the 8th, 12th, 16th and 20th. Anything else (a path, a
// "..", braces, uppercase) is refused, so a valid ID always names a file
// directly inside the session folder.
func ValidID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// idOfFile returns the session ID a file name stands for, and whether it
// is a session document's name (<uuid>.json) at all.
func idOfFile(name string) (string, bool) {
	id, ok := strings.CutSuffix(name, fileExt)
	if !ok || !ValidID(id) {
		return "", false
	}
	return id, true
}

// Path returns the file of session id in dir. The caller checks id with
// ValidID first; Read does.
func Path(dir, id string) string {
	return filepath.Join(dir, id+fileExt)
}
