package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/localapi"
	"github.com/deploybot/deploybot/store"
)

// historyPage is how many audit events history reads per transaction.
const historyPage = 500

func newHistoryCmd(e env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "history --config FILE [SERVICE [ENV]]",
		Short: "Print the audit log: who did what to which promotion, when and why",
		Long: "history prints the audit log, through the running deploybot serve or, when\n" +
			"none runs, from the store opened read-only.",
		Example: "  deploybot history --config deploybot.yaml\n" +
			"  deploybot history --config deploybot.yaml api prod",
		Args: func(cmd *cobra.Command, args []string) error { return wrapUsage(cobra.MaximumNArgs(2)(cmd, args)) },
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			var service, env string
			if len(args) > 0 {
				service = args[0]
			}
			if len(args) > 1 {
				env = args[1]
			}
			f, err := localapi.ResolveFilter(cfg, service, env)
			if err != nil {
				return err
			}
			read, done, err := historySource(cmd.Context(), cfg, cliToken(e.getenv))
			if err != nil {
				return err
			}
			defer done()
			return printHistory(e.stdout, read, f)
		},
	}
	configFlag(cmd, &configPath)
	return cmd
}

// historyReader reads one page of history after a sequence number.
type historyReader func(f localapi.Filter, after uint64) (localapi.HistoryPage, error)

// historySource reads history through the running serve, or from the
// store opened read-only; done releases it.
func historySource(ctx context.Context, cfg *config.Config, token config.Secret) (historyReader, func(), error) {
	c, err := dialServe(ctx, cfg.Store.Path, token)
	if err != nil {
		return nil, nil, err
	}
	if c != nil {
		return func(f localapi.Filter, after uint64) (localapi.HistoryPage, error) {
			return c.History(ctx, f, after)
		}, func() {}, nil
	}
	s, err := store.Open(store.Options{Path: cfg.Store.Path, ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	return func(f localapi.Filter, after uint64) (localapi.HistoryPage, error) {
		return localapi.ReadHistory(s, f, after, historyPage)
	}, func() { _ = s.Close() }, nil
}

// printHistory writes every audit event that f selects as a table.
func printHistory(out io.Writer, read historyReader, f localapi.Filter) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tPROMOTION\tSERVICE\tENV\tACTOR\tACTION\tFROM→TO\tREASON")
	for after := uint64(0); ; {
		page, err := read(f, after)
		if err != nil {
			return err
		}
		for _, ev := range page.Events {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ev.At.UTC().Format("2006-01-02 15:04:05"),
				ev.PromotionID, ev.Service, ev.Env, ev.Actor, ev.Action, move(ev.From, ev.To), ev.Reason)
		}
		if page.Next == 0 {
			break
		}
		after = page.Next
	}
	return tw.Flush()
}

// move renders a state change as "pr_open→approved", one state when it
// did not change, or "" when neither is known.
func move(from, to deploy.State) string {
	switch {
	case from == "" && to == "":
		return ""
	case from == to || from == "":
		return string(to)
	}
	return string(from) + "→" + string(to)
}
