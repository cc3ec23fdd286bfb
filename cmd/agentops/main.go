// Command agentops shows the sessions the SDK wrote offline, the session
// documents in ./agentops-sessions (or AGENTOPS_SESSION_DIR), in a
// terminal or a browser:
//
//	agentops sessions [--json] [dir]      the list of sessions, newest first
//	agentops show [--json] <session-id> [dir]   one session as a tree of its events
//	agentops view [-addr 127.0.0.1:7777] [-allow-remote] [dir]   a web dashboard
//
// view serves a local web viewer (package internal/viewer): the session
// list, each session's waterfall of spans with their details, an overview,
// updated live as sessions are written. It binds a loopback address only,
// unless -allow-remote is given (then it warns), prints its URL and stops
// on SIGINT or SIGTERM.
//
// With --json, sessions prints the rows of the list as a JSON array and
// show prints the document as stored. It only reads the folder. A file that
// is not a readable session document is listed as "unreadable" with the
// reason; a session ID that is not a UUID is refused before any file is
// opened.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/agentops-go/sdk/internal/envconfig"
)

const usage = `usage:
  agentops sessions [--json] [dir]             list the sessions, newest first
  agentops show [--json] <session-id> [dir]    show one session's events
  agentops view [-addr 127.0.0.1:7777] [dir]   serve a web viewer on loopback
                                               (-allow-remote for another address)

dir defaults to $` + envconfig.EnvSessionDir + `, else ./` + envconfig.DefaultSessionDir + `
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args (without the program name), writing to
// stdout and stderr, and returns the exit code: 0, 1 on failure, 2 on a
// usage error. A command that runs until stopped (view) stops when ctx is
// done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "sessions", "list", "ls":
		err = runSessions(args[1:], stdout, stderr)
	case "show":
		err = runShow(args[1:], stdout, stderr)
	case "view":
		err = runView(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = usageError(fmt.Sprintf("unknown command %q", args[0]))
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "agentops: %s\n%s", ue, usage)
		return 2
	default:
		msg := err.Error()
		if !strings.HasPrefix(msg, "agentops: ") {
			msg = "agentops: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
}

// usageError is a command line that run cannot make sense of.
type usageError string

func (e usageError) Error() string { return string(e) }

// parse parses the flags of fs among args, before or after the positional
// arguments, and returns the positional ones; it wants between min and max
// of them.
func parse(fs *flag.FlagSet, args []string, min, max int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError(err.Error())
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos, args = append(pos, args[0]), args[1:]
	}
	if len(pos) < min || len(pos) > max {
		return nil, usageError(fmt.Sprintf("%s: wrong number of arguments", fs.Name()))
	}
	return pos, nil
}

// sessionDir returns the folder a command reads: the argument at i of pos
// if there is one, else $AGENTOPS_SESSION_DIR, else the default.
func sessionDir(pos []string, i int) string {
	if i < len(pos) {
		return pos[i]
	}
	if dir := os.Getenv(envconfig.EnvSessionDir); dir != "" {
		return dir
	}
	return envconfig.DefaultSessionDir
}

// newFlagSet returns a flag set for command name whose errors go to stderr.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
