package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/localapi"
	"github.com/deploybot/deploybot/store"
)

// followLockWait is how long one read of --wait without a serve waits for
// the store's file lock; a serve starting meanwhile holds it for good, and
// the next read goes through its API.
const followLockWait = 200 * time.Millisecond

// errRequesterGone answers --requester, which identity proven by a token
// replaced.
var errRequesterGone = usageError{errors.New("--requester is gone: deploybot now checks who you are from a token; " +
	"set " + localapi.EnvToken + " to your automation token (automation: in the config) or your GitHub token (mapped through people:)")}

// cliToken returns the credential of the CLI: DEPLOYBOT_TOKEN, else
// GITHUB_TOKEN as a person's GitHub token.
func cliToken(getenv func(string) string) config.Secret {
	if t := strings.TrimSpace(getenv(localapi.EnvToken)); t != "" {
		return config.NewSecret(t)
	}
	return config.NewSecret(strings.TrimSpace(getenv(localapi.EnvGitHubToken)))
}

// dialServe returns a client of the deploybot serve that holds the store
// at storePath, or nil when none answers on its socket (there is none, or
// it died and left the socket): the caller then opens the store itself.
func dialServe(ctx context.Context, storePath string, token config.Secret) (*localapi.Client, error) {
	c, err := localapi.Dial(ctx, store.SocketPath(storePath), token)
	if errors.Is(err, localapi.ErrNoServe) {
		return nil, nil
	}
	return c, err
}

// localIdentity proves who token is without a serve: an automation token
// of cfg, or a person's GitHub token asked of GitHub (github.apiURL).
func localIdentity(ctx context.Context, e env, cfg *config.Config, token config.Secret) (localapi.Identity, error) {
	tokens, err := config.LoadAutomationTokens(cfg, e.getenv, os.ReadFile)
	if err != nil {
		return localapi.Identity{}, err
	}
	v := localapi.NewVerifier(localapi.VerifierOptions{Config: cfg, Tokens: tokens})
	return v.Verify(ctx, token.Reveal())
}

// follower reads a promotion while --wait follows it: through the serve
// when one runs, else from the store opened read-only for each read, so
// the store's lock is never held between reads and a serve can start.
type follower struct {
	storePath string
	token     config.Secret
	stderr    func(format string, args ...any)
	noted     bool // said that no serve runs
}

// get returns promotion id, and false when the store was busy (a serve
// starting): try again later.
func (f *follower) get(ctx context.Context, id string) (deploy.Promotion, bool, error) {
	c, err := dialServe(ctx, f.storePath, f.token)
	if err != nil {
		return deploy.Promotion{}, false, err
	}
	if c != nil {
		p, err := c.Promotion(ctx, id)
		return p, err == nil, err
	}
	s, err := store.Open(store.Options{Path: f.storePath, ReadOnly: true, Timeout: followLockWait})
	if errors.Is(err, store.ErrLocked) {
		return deploy.Promotion{}, false, nil
	}
	if err != nil {
		return deploy.Promotion{}, false, err
	}
	defer s.Close()
	if !f.noted {
		f.noted = true
		f.stderr("deploybot: no deploybot serve runs for %s; promotion %s moves on once one does (waiting)\n", f.storePath, id)
	}
	p, err := s.GetPromotion(id)
	return p, err == nil, err
}

// waitFor follows promotion id until it is final (succeeded: nil;
// otherwise an error saying how it ended) or ctx is done (an error saying
// the promotion is not finished and in which state it was left). It
// never holds the store.
func waitFor(ctx context.Context, e env, f *follower, id string, every time.Duration) error {
	last, seen := deploy.State(""), deploy.Promotion{ID: id}
	for {
		p, ok, err := f.get(ctx, id)
		if err != nil && ctx.Err() == nil {
			if fault.ErrorCode(err) != fault.CodeUnavailable {
				return err
			}
			fmt.Fprintf(e.stderr, "deploybot: %s\n", err) // a serve stopping or starting: read again
		}
		if ok {
			seen = p
			if p.State != last {
				fmt.Fprintf(e.stdout, "%s %s %s\n", time.Now().UTC().Format("15:04:05"), p.State, p.StateReason)
				last = p.State
			}
			if p.State == deploy.StateSucceeded {
				return nil
			}
			if p.State.Final() {
				return promotionFailed{fmt.Errorf("promotion %s ended %s: %s", p.ID, p.State, p.StateReason)}
			}
		}
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return stoppedWaiting(ctx, seen)
		case <-t.C:
		}
	}
}

// stoppedWaiting is the error of --wait when ctx ends before promotion p
// does: p goes on (serve follows it), so say where it was left rather
// than a bare "context deadline exceeded".
func stoppedWaiting(ctx context.Context, p deploy.Promotion) error {
	return fmt.Errorf("stopped waiting for promotion %s (%s %s in %s), which is still %s; "+
		"deploybot serve follows it, or see it with deploybot history: %w",
		p.ID, p.Service, p.Version, p.Env, p.State, context.Cause(ctx))
}
