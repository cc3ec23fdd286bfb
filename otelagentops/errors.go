package otelagentops

import (
	"errors"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// Sentinel errors. The SDK wraps them with details; test with errors.Is.
var (
	// ErrNoActiveSession: a recording call found no session in its context
	// and no active session in the client.
	ErrNoActiveSession = errors.New("no active session: start one with StartSession (or Init with auto-start on)")
	// ErrSessionActive: StartSession was called while a session is active and
	// concurrent sessions are not enabled (WithConcurrentSessions).
	ErrSessionActive = errors.New("a session is already active")
	// ErrAmbiguousSession: concurrent sessions are on, several are active, and
	// the call's context carries none of them.
	ErrAmbiguousSession = errors.New("several sessions are active and the context carries none: pass the context StartSession returned")
	// ErrSessionEnded: the session was already ended.
	ErrSessionEnded = errors.New("session already ended")
	// ErrInvalidEndState: an end state other than Success, Fail or Indeterminate.
	ErrInvalidEndState = errors.New("invalid end state: want Success, Fail or Indeterminate")
	// ErrNotInitialized: a package-level function was called before Init.
	ErrNotInitialized = errors.New("agentops is not initialized: call Init first")
	// ErrAlreadyInitialized: Init was called while a default client exists.
	ErrAlreadyInitialized = errors.New("agentops is already initialized: call Shutdown before Init again")
	// ErrShutdown: the client was shut down.
	ErrShutdown = errors.New("agentops client is shut down")
	// ErrNoInheritedSession: JoinInherited was called with no inherited session
	// ID configured (WithInheritedSessionID, AGENTOPS_INHERITED_SESSION_ID).
	ErrNoInheritedSession = errors.New("no inherited session ID configured: set " + envconfig.EnvInheritedSessionID + " or WithInheritedSessionID")
	// ErrInvalidSessionID is wrapped by the error for a session ID that is
	// not a UUID.
	ErrInvalidSessionID = errors.New("invalid session ID")
	// ErrNoSessionInCarrier is wrapped by Extract's error when the carrier
	// holds neither a valid traceparent nor agentops.session.id baggage.
	ErrNoSessionInCarrier = errors.New("the carrier holds no session: no traceparent and no agentops.session.id baggage")
)

// truncate returns s cut to at most n bytes, on a rune boundary, with "…"
// appended when it was cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
