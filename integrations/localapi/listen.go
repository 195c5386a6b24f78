package localapi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"time"
)

// shutdownTimeout bounds how long Serve waits for requests in flight
// when ctx ends.
const shutdownTimeout = 5 * time.Second

// Listen opens the Unix socket at socketPath (mode 0600) and, when
// tcpAddr is not empty, a TCP listener there. The caller must hold the
// store's file lock: a socket left at socketPath then belongs to a
// process that died and is replaced; anything else there is refused
// (CodeInvalid from the caller's view, as an error naming the path).
func Listen(socketPath, tcpAddr string) (unix, tcp net.Listener, err error) {
	if fi, err := os.Lstat(socketPath); err == nil {
		if fi.Mode().Type() != fs.ModeSocket {
			return nil, nil, fmt.Errorf("localapi: %s exists and is not a socket; move it away, deploybot serves its API there", socketPath)
		}
		if err := os.Remove(socketPath); err != nil {
			return nil, nil, fmt.Errorf("localapi: remove the stale socket %s: %w", socketPath, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("localapi: stat %s: %w", socketPath, err)
	}
	unix, err = net.Listen("unix", socketPath)
	if err != nil {
		return nil, nil, fmt.Errorf("localapi: listen on %s: %w", socketPath, err)
	}
	if err := os.Chmod(socketPath, 0o600); err != nil {
		unix.Close()
		return nil, nil, fmt.Errorf("localapi: restrict %s to its owner: %w", socketPath, err)
	}
	if tcpAddr != "" {
		if tcp, err = net.Listen("tcp", tcpAddr); err != nil {
			unix.Close()
			return nil, nil, fmt.Errorf("localapi: listen on api.listen %s: %w", tcpAddr, err)
		}
	}
	return unix, tcp, nil
}

// Serve answers the API on unix (reads without a token) and tcp (if not
// nil; every request with a token) until ctx ends, then stops taking
// requests, waits up to shutdownTimeout for those in flight and closes
// the listeners (which removes the socket file). It returns the first
// error that stopped a listener before ctx ended.
func (s *Server) Serve(ctx context.Context, unix, tcp net.Listener) error {
	servers := []*http.Server{{Handler: s.Handler(false), ReadHeaderTimeout: 10 * time.Second}}
	listeners := []net.Listener{unix}
	if tcp != nil {
		servers = append(servers, &http.Server{Handler: s.Handler(true), ReadHeaderTimeout: 10 * time.Second})
		listeners = append(listeners, tcp)
	}
	errs := make(chan error, len(servers))
	for i, srv := range servers {
		go func() { errs <- srv.Serve(listeners[i]) }()
	}
	s.log.Info("local API serving", "socket", unix.Addr().String(), "tcp", tcpAddr(tcp))
	var first error
	select {
	case <-ctx.Done():
	case first = <-errs:
		first = fmt.Errorf("localapi: %w", first)
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	for _, srv := range servers {
		_ = srv.Shutdown(sctx)
	}
	return first
}

func tcpAddr(l net.Listener) string {
	if l == nil {
		return ""
	}
	return l.Addr().String()
}
