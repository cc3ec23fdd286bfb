package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/agentops-go/sdk/internal/sessionindex"
	"github.com/agentops-go/sdk/internal/viewer"
)

// defaultViewAddr is where agentops view serves unless -addr says otherwise.
const defaultViewAddr = "127.0.0.1:7777"

// refreshEvery is how often the viewer's index looks at the folder.
const refreshEvery = time.Second

// runView runs "agentops view [-addr host:port] [-allow-remote] [dir]": it
// serves the web viewer until ctx is done or the process gets SIGINT or
// SIGTERM, then shuts the server down, letting requests in flight finish.
func runView(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("view", stderr)
	addr := fs.String("addr", defaultViewAddr, "address to serve on (host:port, a loopback host)")
	remote := fs.Bool("allow-remote", false, "allow an address other than loopback (anyone who reaches it reads the sessions)")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	dir := sessionDir(pos, 0)
	if info, err := os.Stat(dir); err != nil {
		return fmt.Errorf("reading the session folder: %w (run a program with the SDK first, or name the folder)", err)
	} else if !info.IsDir() {
		return fmt.Errorf("reading the session folder: %s is not a folder", dir)
	}
	loopback, err := isLoopback(*addr)
	if err != nil {
		return usageError(err.Error())
	}
	if !loopback && !*remote {
		return usageError(fmt.Sprintf("-addr %s is not a loopback address: the viewer shows prompts and outputs; add -allow-remote to serve it there", *addr))
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	var opts []viewer.Option
	if !loopback {
		opts = append(opts, viewer.WithAnyHost())
		fmt.Fprintf(stderr, "agentops: warning: serving on %s, not loopback: anyone who can reach it can read these sessions, prompts and outputs included\n", ln.Addr())
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ix := sessionindex.NewIndex(dir)
	var wg sync.WaitGroup
	wg.Go(func() { ix.Run(ctx, refreshEvery) })
	defer wg.Wait()

	srv := &http.Server{Handler: viewer.New(ix, opts...), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "agentops: serving %s at http://%s/\n", dir, ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// isLoopback reports whether addr (host:port) names a loopback host:
// localhost or a loopback IP. An empty host (every interface) is not.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("-addr %q: %v", addr, err)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
