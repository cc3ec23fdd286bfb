package otelagentops

import "errors"

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
)
