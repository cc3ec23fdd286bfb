package sessionindex

// List returns a Row for every session document in dir, newest first (by
// start; an unreadable file by its modification time), ties by ID. Files
// whose names are not <uuid>.json, folders and symbolic links are skipped.
// A document that cannot be read is a Row with Status StatusUnreadable and
// Unreadable saying why. The error is only that of reading dir itself.
//
// It reads the folder as one Refresh of a new Index does (files read in
// parallel, decoding only what a Row needs) and returns all of its rows.
func List(dir string) ([]Row, error) {
	ix := NewIndex(dir)
	if err := ix.Refresh(); err != nil {
		return nil, err
	}
	rows := ix.Query(Query{}).Rows
	if rows == nil {
		rows = []Row{}
	}
	return rows, nil
}
