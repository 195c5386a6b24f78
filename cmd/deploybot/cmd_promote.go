package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
)

func newPromoteCmd(e env) *cobra.Command {
	var configPath, repo string
	var local bool
	cmd := &cobra.Command{
		Use:   "promote --local --config FILE --repo DIR SERVICE [VERSION] ENV",
		Short: "Promote a service by editing the GitOps repository's working tree (--local)",
		Long: "promote --local writes the edits `deploybot plan` shows into the working tree\n" +
			"of --repo, each file replaced atomically, and prints what it changed. It\n" +
			"neither commits nor pushes. Every file is computed and checked before the\n" +
			"first is written.",
		Example: "  deploybot promote --local --config deploybot.yaml --repo ../gitops api v9.1.1 prod",
		Args:    promotionArgs,
		RunE: func(_ *cobra.Command, args []string) error {
			if !local {
				return deploy.Errorf(deploy.CodeInvalid, "promoting through GitHub needs the GitHub integration, which is not built yet; add --local to write the change into the working tree of --repo, then review and commit it yourself")
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
	cmd.Flags().BoolVar(&local, "local", false, "edit the working tree of --repo instead of opening a pull request (required for now)")
	return cmd
}

// writePlan writes files into the checkout at dir, all or none, and prints
// each path once all are written.
func writePlan(e env, dir string, files []deploy.FileChange) error {
	writes, err := prepareWrites(dir, files)
	if err != nil {
		return err
	}
	if err := applyWrites(e, writes); err != nil {
		return err
	}
	for i, w := range writes {
		verb := "updated"
		if w.created {
			verb = "created"
		}
		fmt.Fprintf(e.stdout, "%s %s\n", verb, files[i].Path)
	}
	return nil
}

// applyWrites writes every file; if one fails it restores those already
// written, says so on stderr, and returns the error.
func applyWrites(e env, writes []fileWrite) error {
	for i, w := range writes {
		if err := w.write(); err != nil {
			if failed := undoWrites(writes, i); len(failed) > 0 {
				fmt.Fprintf(e.stderr, "deploybot: could not restore %s after the error below; check the working tree\n", strings.Join(failed, ", "))
			} else if i > 0 {
				fmt.Fprintf(e.stderr, "deploybot: the %d file(s) written before the error below were restored; the working tree is as it was\n", i)
			}
			return err
		}
	}
	return nil
}
