package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/localapi"
)

// defaultWaitInterval is how often promote --wait looks at the promotion.
const defaultWaitInterval = 15 * time.Second

// promoteFlags are the flags of promote without --local.
type promoteFlags struct {
	requester, reason, force string
	wait                     bool
	interval                 time.Duration
}

func (f *promoteFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.requester, "requester", "", "gone: who asks is proven by "+localapi.EnvToken)
	_ = cmd.Flags().MarkHidden("requester")
	cmd.Flags().StringVar(&f.reason, "reason", "", "why, for the pull request and the audit log")
	cmd.Flags().StringVar(&f.force, "force", "", "promote a version that was rolled back; the reason is recorded in the audit log")
	cmd.Flags().BoolVar(&f.wait, "wait", false, "follow the promotion to its outcome; exit 0 when it succeeded, 1 otherwise")
	cmd.Flags().DurationVar(&f.interval, "interval", defaultWaitInterval, "how often --wait looks at the promotion")
}

// promoteRemote requests a promotion as the identity DEPLOYBOT_TOKEN (or
// GITHUB_TOKEN) proves: through the running serve's API, or, when none
// runs, through the engine on the store opened here and closed again
// before --wait follows the promotion.
func promoteRemote(ctx context.Context, e env, configPath string, args []string, f promoteFlags) error {
	if f.requester != "" {
		return errRequesterGone
	}
	cfg, err := loadConfig(configPath)
	if err != nil {
		return err
	}
	token := cliToken(e.getenv)
	req := planRequest(args)
	c, err := dialServe(ctx, cfg.Store.Path, token)
	if err != nil {
		return err
	}
	var p deploy.Promotion
	if c != nil {
		p, err = c.Promote(ctx, localapi.PromoteRequest{Service: req.Service, Version: string(req.Version), Env: req.Env,
			Reason: f.reason, Force: f.force})
	} else {
		p, err = promoteHere(ctx, e, configPath, cfg, token, deploy.Request{Service: req.Service, Version: req.Version,
			Env: req.Env, Reason: f.reason, Force: f.force})
	}
	if err != nil {
		return err
	}
	printPromotion(e.stdout, p)
	if !f.wait {
		return nil
	}
	fw := &follower{storePath: cfg.Store.Path, token: token,
		stderr: func(format string, args ...any) { fmt.Fprintf(e.stderr, format, args...) }}
	return waitFor(ctx, e, fw, p.ID, f.interval)
}

// promoteHere requests the promotion through an engine on the store,
// which it closes before returning.
func promoteHere(ctx context.Context, e env, configPath string, cfg *config.Config, token config.Secret, req deploy.Request) (deploy.Promotion, error) {
	id, err := localIdentity(ctx, e, cfg, token)
	if err != nil {
		return deploy.Promotion{}, err
	}
	if err := deploy.CheckAutomation(cfg, id.Person, req.Env); err != nil {
		return deploy.Promotion{}, err
	}
	w, err := wire(e, configPath)
	if err != nil {
		return deploy.Promotion{}, err
	}
	defer w.Close()
	req.Requester = id.Person
	return w.Engine.Request(ctx, req)
}

// printPromotion writes what was requested and its pull request.
func printPromotion(out io.Writer, p deploy.Promotion) {
	fmt.Fprintf(out, "promotion %s: %s %s → %s in %s\n", p.ID, p.Service, p.PreviousVersion, p.Version, p.Env)
	fmt.Fprintf(out, "pull request: %s\n", p.PR.URL)
}
