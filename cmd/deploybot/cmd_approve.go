package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/localapi"
)

func newApproveCmd(e env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "approve --config FILE PROMOTION_ID",
		Short: "Approve a promotion waiting for approval, as a person",
		Long: "approve records your approval of the promotion's pull request at its current\n" +
			"head, as an approval in Slack would, and merges it once the environment's\n" +
			"approvals are met. It prints the approval ledger and where the promotion is.\n" +
			"Who approves is proven by " + localapi.EnvToken + " (a GitHub token mapped through\n" +
			"people:), or else GITHUB_TOKEN; an automation can never approve, nor can the\n" +
			"requester. It goes through the running deploybot serve, or opens the store\n" +
			"itself when none runs.",
		Example: "  DEPLOYBOT_TOKEN=$(gh auth token) deploybot approve --config deploybot.yaml p-20260302-0007",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := actOnPromotion(cmd.Context(), e, configPath, args[0], approveAction)
			if err != nil {
				return err
			}
			printApproved(e.stdout, a)
			return nil
		},
	}
	configFlag(cmd, &configPath)
	return cmd
}

// approveAction approves a promotion through the API or the engine.
var approveAction = promotionAction{
	api: func(ctx context.Context, c *localapi.Client, id string) (deploy.Promotion, error) {
		return c.Approve(ctx, id)
	},
	engine: func(ctx context.Context, en *deploy.Engine, id string, by deploy.Person) (deploy.Promotion, error) {
		by.Via = deploy.ApprovalCLI
		return en.Approve(ctx, id, by)
	},
}

// promotionAction is a change of one promotion by the CLI's identity:
// through the running serve's API, or through an engine on the store.
type promotionAction struct {
	api    func(ctx context.Context, c *localapi.Client, id string) (deploy.Promotion, error)
	engine func(ctx context.Context, en *deploy.Engine, id string, by deploy.Person) (deploy.Promotion, error)
}

// acted is what a promotionAction did: the promotion after it, who acted
// as they are named on the command line's output, and the config.
type acted struct {
	p   deploy.Promotion
	by  string
	cfg *config.Config
}

// actOnPromotion runs a on promotion id as the identity DEPLOYBOT_TOKEN
// (or GITHUB_TOKEN) proves: through the running serve, or, when none
// runs, through an engine on the store, which it closes before returning.
// Errors are the engine's (CodeUnauthorised for a refused person,
// CodeConflict when the promotion is past it), CodeNotFound naming id
// when there is no such promotion, CodeUnavailable when the serve or
// GitHub does not answer.
func actOnPromotion(ctx context.Context, e env, configPath, id string, a promotionAction) (acted, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return acted{}, err
	}
	token := cliToken(e.getenv)
	c, err := dialServe(ctx, cfg.Store.Path, token)
	if err != nil {
		return acted{}, err
	}
	var who localapi.WhoAmI
	var p deploy.Promotion
	if c != nil {
		if who, err = c.WhoAmI(ctx); err == nil {
			p, err = a.api(ctx, c, id)
		}
	} else {
		who, p, err = actHere(ctx, e, configPath, cfg, token, id, a)
	}
	if err != nil {
		return acted{}, explainNotFound(err)
	}
	return acted{p: p, by: whoName(who), cfg: cfg}, nil
}

// actHere proves who token is and runs a through an engine on the
// store.
func actHere(ctx context.Context, e env, configPath string, cfg *config.Config, token config.Secret, id string, a promotionAction) (localapi.WhoAmI, deploy.Promotion, error) {
	ident, err := localIdentity(ctx, e, cfg, token)
	if err != nil {
		return localapi.WhoAmI{}, deploy.Promotion{}, err
	}
	who := localapi.WhoAmI{ID: ident.Person.ID, Login: ident.Login, Automation: ident.Automation}
	w, err := wire(e, configPath)
	if err != nil {
		return who, deploy.Promotion{}, err
	}
	defer w.Close()
	p, err := a.engine(ctx, w.Engine, id, ident.Person)
	return who, p, err
}

// explainNotFound adds to a not-found error where to find promotion
// IDs; other errors pass unchanged.
func explainNotFound(err error) error {
	if fault.ErrorCode(err) != fault.CodeNotFound {
		return err
	}
	return fault.Errorf(fault.CodeNotFound, "%s; check the ID: deploybot status lists the promotions in flight, "+
		"deploybot history all of them", fault.UserMessage(err))
}

// whoName names who acted: @login for a person, "automation NAME" for an
// automation, else the Slack user ID.
func whoName(w localapi.WhoAmI) string {
	switch {
	case w.Login != "":
		return "@" + w.Login
	case w.Automation != "":
		return "automation " + w.Automation
	}
	return w.ID
}

// printApproved writes the approval, the ledger at the promotion's head
// and where the promotion is now: waiting for more, or on to the merge.
func printApproved(out io.Writer, a acted) {
	p := a.p
	required := 0
	if env, ok := a.cfg.Environment(p.Env); ok {
		required = deploy.RequiredApprovals(env, p.Kind)
	}
	ledger := deploy.LedgerAt(p, p.PR.HeadSHA, required)
	fmt.Fprintf(out, "promotion %s (%s %s in %s) approved by %s: %s\n", p.ID, p.Service, p.Version, p.Env, a.by,
		ledger.Text(deploy.GitHubWho))
	if !ledger.Met() {
		fmt.Fprintf(out, "%s: waiting for %s\n", p.State, ledger.Missing(deploy.GitHubWho))
		return
	}
	fmt.Fprintf(out, "%s: %s\n", p.State, p.StateReason)
	if p.PR.URL != "" {
		fmt.Fprintf(out, "pull request: %s\n", p.PR.URL)
	}
}
