package sessionindex

import (
	"errors"
	"os"
	"slices"
	"strings"
)

// List returns a Row for every session document in dir, newest first (by
// start; an unreadable file by its modification time), ties by ID. Files
// whose names are not <uuid>.json, folders and symbolic links are skipped.
// A document that cannot be read is a Row with Status StatusUnreadable and
// Unreadable saying why. The error is only that of reading dir itself.
func List(dir string) ([]Row, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(entries))
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		id, ok := idOfFile(e.Name())
		if !ok {
			continue
		}
		doc, _, err := Read(dir, id)
		if errors.Is(err, os.ErrNotExist) {
			continue // removed since ReadDir
		}
		if err != nil {
			r := Row{ID: id, Tags: []string{}, Status: StatusUnreadable, Unreadable: err.Error()}
			if info, ierr := e.Info(); ierr == nil {
				r.Start = info.ModTime().UTC()
			}
			rows = append(rows, r)
			continue
		}
		rows = append(rows, Summarize(doc))
	}
	slices.SortFunc(rows, func(a, b Row) int {
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return rows, nil
}
