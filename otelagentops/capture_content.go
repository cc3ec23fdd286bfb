package otelagentops

// CapturesContent reports whether calls recorded in s capture content
// (prompts, completions, tool input and output): whether the client that
// started s was built with content capture on (see WithContentCapture).
// Instrumentation can skip gathering content that would not be recorded.
// It is false for a nil session.
func (s *Session) CapturesContent() bool {
	return s != nil && s.client.content().capture
}
