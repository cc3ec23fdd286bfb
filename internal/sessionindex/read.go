package sessionindex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/agentops-go/sdk/sessiondoc"
)

// ErrInvalidID is the error of Read for a session ID that ValidID refuses.
var ErrInvalidID = errors.New("agentops: not a session ID (a UUID such as 0195f3a2-7c1e-7d4b-9a3f-2b8c4d5e6f70)")

// Read reads the document of session id in dir. It returns the document
// decoded and its bytes as stored. An id that ValidID refuses is
// ErrInvalidID, before any file is opened; a missing file is an error
// matching fs.ErrNotExist; a file that is not a session document, or is
// the document of another session, is an error saying why.
func Read(dir, id string) (*sessiondoc.Document, []byte, error) {
	if !ValidID(id) {
		return nil, nil, fmt.Errorf("%w: %q", ErrInvalidID, id)
	}
	data, err := readFile(Path(dir, id))
	if err != nil {
		return nil, nil, err
	}
	doc, err := decode(id, data)
	if err != nil {
		return nil, data, err
	}
	return doc, data, nil
}

// MaxDocumentSize is the largest session document Read reads, in bytes: a
// larger file (not one a Sink writes, even at its bound of events) is an
// error rather than the memory of the whole file.
const MaxDocumentSize = 1 << 30

// readFile reads the file at path, up to MaxDocumentSize bytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", info.Name())
	}
	if info.Size() > MaxDocumentSize {
		return nil, fmt.Errorf("%s is too large for a session document (%d bytes, at most %d)", info.Name(), info.Size(), MaxDocumentSize)
	}
	// One buffer of the file's size (and room to see it grew), as
	// os.ReadFile does.
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxDocumentSize+1)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decode decodes data as the document of session id.
func decode(id string, data []byte) (*sessiondoc.Document, error) {
	var doc sessiondoc.Document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, decodeError(data, err)
	}
	if err := checkSession(id, &doc.Session); err != nil {
		return nil, err
	}
	return &doc, nil
}

// decodeError says why data, which json.Unmarshal refused with err, is not
// a session document: cut short (a half-written file) or of another shape.
func decodeError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) && syn.Offset >= int64(len(data)) {
		return fmt.Errorf("truncated JSON (%d bytes): %w", len(data), err)
	}
	return fmt.Errorf("not a session document: %w", err)
}

// checkSession reports why s, decoded from the file of session id, is not
// the session of a session document of id, or nil.
func checkSession(id string, s *sessiondoc.Session) error {
	if s.SessionID != id {
		return fmt.Errorf("not the document of session %s (session_id %q)", id, s.SessionID)
	}
	if s.InitTimestamp.IsZero() {
		return errors.New("not a session document: no session.init_timestamp")
	}
	return nil
}
