package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// repoFlag registers the --repo flag of the commands that read a checkout
// of the GitOps repository.
func repoFlag(cmd *cobra.Command, dir *string) {
	cmd.Flags().StringVar(dir, "repo", "", "path to a checkout of the GitOps repository (required)")
}

// openRepo returns the checkout at dir, or explains how to name one.
func openRepo(dir string) (fs.FS, error) {
	if dir == "" {
		return nil, usageError{errors.New("--repo is required: name the checkout of your GitOps repository, e.g. --repo ../gitops")}
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fault.Errorf(fault.CodeInvalid, "--repo %s: no such directory; name the checkout of your GitOps repository", dir)
	case err != nil:
		return nil, err
	case !fi.IsDir():
		return nil, fault.Errorf(fault.CodeInvalid, "--repo %s is a file; name the directory of your GitOps repository's checkout", dir)
	}
	return os.DirFS(dir), nil
}

// promotionArgs is cobra's check of SERVICE [VERSION] ENV.
func promotionArgs(cmd *cobra.Command, args []string) error {
	return wrapUsage(cobra.RangeArgs(2, 3)(cmd, args))
}

// planRequest reads SERVICE [VERSION] ENV.
func planRequest(args []string) deploy.PlanRequest {
	req := deploy.PlanRequest{Service: args[0], Env: args[len(args)-1]}
	if len(args) == 3 {
		req.Version = deploy.Version(args[1])
	}
	return req
}

// makePlan loads the config, opens the repository and computes the plan
// args ask for.
func makePlan(configPath, repo string, args []string) (deploy.Plan, string, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return deploy.Plan{}, "", err
	}
	fsys, err := openRepo(repo)
	if err != nil {
		return deploy.Plan{}, "", err
	}
	plan, err := deploy.NewPlan(cfg, fsys, planRequest(args))
	return plan, repo, err
}

func newPlanCmd(e env) *cobra.Command {
	var configPath, repo string
	cmd := &cobra.Command{
		Use:   "plan --config FILE --repo DIR SERVICE [VERSION] ENV",
		Short: "Show the diff a promotion would make to the GitOps repository, changing nothing",
		Long: "plan prints a one-line summary and the unified diff of every file that promoting\n" +
			"SERVICE (or all) to ENV would change. Without VERSION the service takes the\n" +
			"version it runs in ENV's upstream environment (its `after`).",
		Example: "  deploybot plan --config deploybot.yaml --repo ../gitops api v9.1.1 prod\n" +
			"  deploybot plan --config deploybot.yaml --repo ../gitops all production",
		Args: promotionArgs,
		RunE: func(_ *cobra.Command, args []string) error {
			plan, _, err := makePlan(configPath, repo, args)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, plan.Summary())
			fmt.Fprint(e.stdout, deploy.UnifiedDiff(plan.Files))
			return nil
		},
	}
	configFlag(cmd, &configPath)
	repoFlag(cmd, &repo)
	return cmd
}
