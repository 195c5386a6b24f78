package main

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/deploybot/deploybot/integrations/metrics"
)

// newHTTPHandler serves /healthz (200 while the process runs), /readyz
// (200 when ready says so, 503 otherwise) and /metrics.
func newHTTPHandler(ready func() bool, m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready() {
			http.Error(w, "not ready: the store is closed or Slack is not connected", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// serveHTTP serves lc.handler on lc.listener; the returned channel
// receives the server's error when it stops.
func (lc *lifecycle) serveHTTP() <-chan error {
	srv := &http.Server{Handler: lc.handler, ReadHeaderTimeout: 10 * time.Second}
	lc.httpServer = srv
	return start(func() error {
		if err := srv.Serve(lc.listener); !errors.Is(err, http.ErrServerClosed) {
			lc.log.Error("HTTP server failed", "err", err)
			return err
		}
		return nil
	})
}

// shutdownHTTP stops the HTTP server, waiting for open requests until ctx
// ends.
func (lc *lifecycle) shutdownHTTP(ctx context.Context, done <-chan error) error {
	if err := lc.httpServer.Shutdown(ctx); err != nil {
		return err
	}
	return <-done
}
