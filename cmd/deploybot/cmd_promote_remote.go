package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
)

// defaultWaitInterval is how often promote --wait polls.
const defaultWaitInterval = 15 * time.Second

// promoteFlags are the flags of promote without --local.
type promoteFlags struct {
	requester, reason, force string
	wait                     bool
	interval                 time.Duration
}

func (f *promoteFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.requester, "requester", "", "who asks for the promotion (a name or Slack user ID; required without --local)")
	cmd.Flags().StringVar(&f.reason, "reason", "", "why, for the pull request and the audit log")
	cmd.Flags().StringVar(&f.force, "force", "", "promote a version that was rolled back; the reason is recorded in the audit log")
	cmd.Flags().BoolVar(&f.wait, "wait", false, "follow the promotion to its outcome; exit 0 when it succeeded, 1 otherwise")
	cmd.Flags().DurationVar(&f.interval, "interval", defaultWaitInterval, "how often --wait checks GitHub and Argo CD")
}

// promoteRemote requests a promotion through the engine and prints its
// pull request; with --wait it follows it to its outcome.
func promoteRemote(ctx context.Context, e env, configPath string, args []string, f promoteFlags) error {
	if f.requester == "" {
		return usageError{errors.New("--requester is required: name who asks for the promotion, e.g. --requester ci")}
	}
	w, err := wire(e, configPath)
	if err != nil {
		return err
	}
	defer w.Close()
	req := planRequest(args)
	p, err := w.engine.Request(ctx, deploy.Request{Service: req.Service, Version: req.Version, Env: req.Env,
		Requester: deploy.Person{ID: f.requester}, Reason: f.reason, Force: f.force})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "promotion %s: %s %s → %s in %s\n", p.ID, p.Service, p.PreviousVersion, p.Version, p.Env)
	fmt.Fprintf(e.stdout, "pull request: %s\n", p.PR.URL)
	if !f.wait {
		return nil
	}
	return waitFor(ctx, e, w.engine, w.store.GetPromotion, p.ID, f.interval)
}

// waitFor ticks the engine until promotion id is final (succeeded: nil;
// otherwise an error saying how it ended) or ctx is done (an error saying
// the promotion is not finished and in which state it was left).
func waitFor(ctx context.Context, e env, eng *deploy.Engine, get func(string) (deploy.Promotion, error), id string, every time.Duration) error {
	last := deploy.State("")
	for {
		if err := eng.Tick(ctx); err != nil && ctx.Err() == nil {
			fmt.Fprintf(e.stderr, "deploybot: %s\n", err)
		}
		p, err := get(id)
		if err != nil {
			return err
		}
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
		if ctx.Err() != nil {
			return stoppedWaiting(ctx, p)
		}
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return stoppedWaiting(ctx, p)
		case <-t.C:
		}
	}
}

// stoppedWaiting is the error of --wait when ctx ends before promotion p
// does: p goes on (serve, or another --wait, follows it), so say where it
// was left rather than a bare "context deadline exceeded".
func stoppedWaiting(ctx context.Context, p deploy.Promotion) error {
	return fmt.Errorf("stopped waiting for promotion %s (%s %s in %s), which is still %s; "+
		"deploybot serve follows it, or see it with deploybot history: %w",
		p.ID, p.Service, p.Version, p.Env, p.State, context.Cause(ctx))
}
