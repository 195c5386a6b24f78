package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/checkout"
)

func newPromoteCmd(e env) *cobra.Command {
	var configPath, repo string
	var local bool
	var pf promoteFlags
	cmd := &cobra.Command{
		Use:   "promote --config FILE SERVICE [VERSION] ENV [--reason TEXT] [--force REASON] [--wait] | promote --local --config FILE --repo DIR SERVICE [VERSION] ENV",
		Short: "Promote a service through a GitHub pull request, or in a working tree (--local)",
		Long: "promote opens the promotion pull request through GitHub, with the same gates,\n" +
			"audit and store as the bot, and prints its URL; with --wait it follows the\n" +
			"promotion to its outcome (exit 0 when it succeeded, 1 otherwise). Who asks is\n" +
			"proven by DEPLOYBOT_TOKEN (an automation token, or a GitHub token mapped\n" +
			"through people:), or else GITHUB_TOKEN. It goes through the running deploybot\n" +
			"serve, or opens the store itself when none runs; --wait never holds the store.\n\n" +
			"promote --local writes the edits `deploybot plan` shows into the working tree\n" +
			"of --repo, each file replaced atomically, and prints what it changed. It\n" +
			"neither commits nor pushes. Every file is computed and checked before the\n" +
			"first is written.",
		Example: "  DEPLOYBOT_TOKEN=... deploybot promote --config deploybot.yaml api v9.1.1 prod --reason 'release 9.1.1' --wait\n" +
			"  deploybot promote --local --config deploybot.yaml --repo ../gitops api v9.1.1 prod",
		Args: promotionArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !local {
				return promoteRemote(cmd.Context(), e, configPath, args, pf)
			}
			plan, dir, err := makePlan(configPath, repo, args)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, plan.Summary())
			return writePlan(e, dir, plan.Files)
		},
	}
	configFlag(cmd, &configPath)
	repoFlag(cmd, &repo)
	cmd.Flags().BoolVar(&local, "local", false, "edit the working tree of --repo instead of opening a pull request")
	pf.register(cmd)
	return cmd
}

// writePlan writes files into the checkout at dir, all or none, and prints
// each path once all are written.
func writePlan(e env, dir string, files []deploy.FileChange) error {
	writes, err := checkout.Prepare(dir, files)
	if err != nil {
		return err
	}
	if err := checkout.Apply(writes); err != nil {
		var ae *checkout.ApplyError
		if errors.As(err, &ae) {
			fmt.Fprint(e.stderr, restoreNote(ae))
			return ae.Err
		}
		return err
	}
	for i, w := range writes {
		verb := "updated"
		if w.Created() {
			verb = "created"
		}
		fmt.Fprintf(e.stdout, "%s %s\n", verb, files[i].Path)
	}
	return nil
}

// restoreNote tells, before the error of a failed write, what became of
// the files written before it: not all restored, or all restored.
func restoreNote(ae *checkout.ApplyError) string {
	switch {
	case len(ae.Unrestored) > 0:
		return fmt.Sprintf("deploybot: could not restore %s after the error below; check the working tree\n", strings.Join(ae.Unrestored, ", "))
	case ae.Written > 0:
		return fmt.Sprintf("deploybot: the %d file(s) written before the error below were restored; the working tree is as it was\n", ae.Written)
	}
	return ""
}
