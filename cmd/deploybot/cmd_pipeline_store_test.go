package main

import (
	"context"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/testdrive"
	"github.com/deploybot/deploybot/store"
)

// The pipeline commands' tests: the store: held by another process, by a serve, or left with a dead serve's socket.

func TestPipelineStoreHeld(t *testing.T) {
	p := newPipeline(t)
	s, err := store.Open(store.Options{Path: p.si.StorePath})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod")
	r.want(t, 3, nil, []string{"another deploybot", "holds", p.si.StorePath})
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests while the store is held, want 0", n)
	}
	rb := p.run(10*time.Second, "rollback", "api", "prod")
	rb.want(t, 3, nil, []string{"another deploybot", "holds"})
}

// TestPipelineWhileServeHoldsTheStore: every command works while serve
// runs and holds the store, through its local API.
func TestPipelineWhileServeHoldsTheStore(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod", "--reason", "release train")
	r.want(t, 0, []string{"api v9.1.0 → v9.1.1 in production", "/acme/gitops/pull/"}, nil)
	if n := len(p.openPRs()); n != 1 {
		t.Fatalf("%d open pull requests, want 1", n)
	}
	p.run(5*time.Second, "history", "api", "prod").want(t, 0, []string{"api", "production", ciBot, "release train"}, nil)
	p.run(5*time.Second, "status").want(t, 0, []string{"service", "staging", "production", "v9.1.1", "In flight:", "api v9.1.0 → v9.1.1 in production: pr_open (requested by " + ciBot + ")"}, nil)
	out := filepath.Join(t.TempDir(), "backup.db")
	p.run(5*time.Second, "backup", out).want(t, 0, []string{"backed up", out}, nil)
	b, err := store.Open(store.Options{Path: out, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if ps, err := b.ActivePromotions(); err != nil || len(ps) != 1 {
		t.Errorf("the backup's promotions in flight: %v, %v; want the api promotion", ps, err)
	}
	p.run(10*time.Second, "rollback", "web", "prod").want(t, 2, nil, []string{"no deployed promotion of web in production"})
}

// TestPipelineWaitDoesNotBlockServe: promote --wait without a serve
// follows the store read-only between reads, so serve starts meanwhile,
// moves the promotion on, and --wait sees it through serve's API.
func TestPipelineWaitDoesNotBlockServe(t *testing.T) {
	p := newPipeline(t)
	done := make(chan result, 1)
	go func() {
		done <- p.run(25*time.Second, "promote", "web", "3.2", "staging", "--wait", "--interval", "100ms")
	}()
	if err := testdrive.Within(context.Background(), "the promotion PR", 8*time.Second, func() bool { return len(p.openPRs()) == 1 }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // --wait is reading now
	p.serve()
	r := <-done
	r.want(t, 0, []string{"web 3.1 → 3.2 in staging", string(deploy.StateSucceeded)}, []string{"no deploybot serve runs"})
}

// TestPipelineServeDown: a socket left by a serve that died is not a
// serve: the command opens the store itself, or, when another process
// holds the store, says so with exit 3.
func TestPipelineServeDown(t *testing.T) {
	p := newPipeline(t)
	sock := store.SocketPath(p.si.StorePath)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	s, err := store.Open(store.Options{Path: p.si.StorePath})
	if err != nil {
		t.Fatal(err)
	}
	p.run(10*time.Second, "promote", "web", "3.2", "staging").want(t, 3, nil, []string{"another deploybot", "holds", p.si.StorePath})
	p.run(10*time.Second, "history").want(t, 3, nil, []string{"another deploybot", "holds"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	p.run(10*time.Second, "promote", "web", "3.2", "staging").want(t, 0, []string{"web 3.1 → 3.2 in staging", "pull request: "}, nil)
}
