package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/deploybot/deploybot/integrations/metrics"
)

// newHTTPHandler serves /healthz (200 while the process runs), /readyz
// (200 when report says ready, 503 otherwise, with each dependency's
// state) and /metrics.
func newHTTPHandler(report func() readyReport, m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		writeReadyz(w, r, report())
	})
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// writeReadyz answers /readyz: 200 or 503, with the report as JSON when
// the request accepts application/json and as lines of text otherwise:
//
//	not ready
//	store: ready
//	slack: not ready: slack auth.test: Post "…": connection refused
func writeReadyz(w http.ResponseWriter, r *http.Request, rep readyReport) {
	status := http.StatusOK
	if !rep.Ready {
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Cache-Control", "no-store")
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(rep)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(readyText(rep)))
}

// readyText renders the report as lines of text.
func readyText(rep readyReport) string {
	var b strings.Builder
	if rep.Ready {
		b.WriteString("ready\n")
	} else {
		b.WriteString("not ready\n")
	}
	for _, d := range rep.Dependencies {
		switch {
		case d.Ready:
			fmt.Fprintf(&b, "%s: ready\n", d.Name)
		case d.Credential != "":
			fmt.Fprintf(&b, "%s: not ready (check %s): %s\n", d.Name, d.Credential, d.Reason)
		default:
			fmt.Fprintf(&b, "%s: not ready: %s\n", d.Name, d.Reason)
		}
	}
	return b.String()
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
