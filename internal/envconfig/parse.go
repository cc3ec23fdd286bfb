package envconfig

import (
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// reader reads variables through lookup and collects one error per bad
// value, naming the variable and the value. A variable that is unset, or
// only white space, leaves its setting alone.
type reader struct {
	lookup func(string) (string, bool)
	errs   []error
}

// get returns the value of name with white space trimmed, and whether it
// is set to something.
func (r *reader) get(name string) (string, bool) {
	v, ok := r.lookup(name)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

func (r *reader) fail(name, value, want string) {
	r.errs = append(r.errs, fmt.Errorf("%s=%q: %s", name, value, want))
}

func (r *reader) str(name string, dst *string) {
	if v, ok := r.get(name); ok {
		*dst = v
	}
}

// url reads an absolute http(s) URL.
func (r *reader) url(name string, dst *string) {
	if v, ok := r.get(name); ok {
		if err := CheckURL(v); err != nil {
			r.fail(name, v, err.Error())
			return
		}
		*dst = v
	}
}

// boolean reads what strconv.ParseBool accepts: true/false, 1/0, t/f.
func (r *reader) boolean(name string, dst *bool) {
	if v, ok := r.get(name); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			r.fail(name, v, "want true or false")
			return
		}
		*dst = b
	}
}

// size reads a whole number from 1 to max.
func (r *reader) size(name string, dst *int, max int) {
	if v, ok := r.get(name); ok {
		n, err := strconv.Atoi(v)
		if err == nil {
			err = CheckSize(n, max)
		}
		if err != nil {
			r.fail(name, v, CheckSize(0, max).Error())
			return
		}
		*dst = n
	}
}

// limit reads an attribute value length limit (see CheckAttrValueLimit).
func (r *reader) limit(name string, dst *int) {
	if v, ok := r.get(name); ok {
		n, err := strconv.Atoi(v)
		if err == nil {
			err = CheckAttrValueLimit(n)
		}
		if err != nil {
			r.fail(name, v, CheckAttrValueLimit(0).Error())
			return
		}
		*dst = n
	}
}

// millis reads a duration given in milliseconds, as AgentOps and OTel both
// do, up to MaxDuration.
func (r *reader) millis(name string, dst *time.Duration) {
	n := 0
	if r.size(name, &n, int(MaxDuration/time.Millisecond)); n > 0 {
		*dst = time.Duration(n) * time.Millisecond
	}
}

// tags reads a comma-separated list, dropping empty items.
func (r *reader) tags(name string, dst *[]string) {
	v, ok := r.get(name)
	if !ok {
		return
	}
	var tags []string
	for _, t := range strings.Split(v, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	*dst = tags
}

// logLevel reads slog's level names and the Python SDK's ones.
func (r *reader) logLevel(name string, dst *slog.Level) {
	v, ok := r.get(name)
	if !ok {
		return
	}
	switch strings.ToLower(v) {
	case "debug":
		*dst = slog.LevelDebug
	case "info":
		*dst = slog.LevelInfo
	case "warn", "warning":
		*dst = slog.LevelWarn
	case "error", "critical":
		*dst = slog.LevelError
	default:
		r.fail(name, v, "want debug, info, warn or error")
	}
}

// sessionID reads a session ID (see ParseSessionID).
func (r *reader) sessionID(name string, dst *string) {
	if v, ok := r.get(name); ok {
		if _, ok := ParseSessionID(v); !ok {
			r.fail(name, v, "want a session ID (a UUID such as 8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11)")
			return
		}
		*dst = v
	}
}

// ParseSessionID parses a session ID: a UUID in its canonical form
// (8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11) or 32 hex digits (a trace ID),
// with white space around it ignored. The zero ID is refused.
// otelagentops.ParseSessionID is this rule with its error.
func ParseSessionID(s string) (id [16]byte, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) == 32 {
		if _, err := hex.Decode(id[:], []byte(s)); err == nil && id != [16]byte{} {
			return id, true
		}
	}
	u, err := uuid.Parse(s)
	if err != nil || len(s) != 36 || u == (uuid.UUID{}) {
		return [16]byte{}, false
	}
	return u, true
}

// err joins the errors r collected.
func (r *reader) err() error { return errors.Join(r.errs...) }
