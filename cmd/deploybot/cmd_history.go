package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/store"
)

// historyPage is how many audit events history reads per transaction.
const historyPage = 500

func newHistoryCmd(e env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "history --config FILE [SERVICE [ENV]]",
		Short: "Print the audit log: who did what to which promotion, when and why",
		Example: "  deploybot history --config deploybot.yaml\n" +
			"  deploybot history --config deploybot.yaml api prod",
		Args: func(cmd *cobra.Command, args []string) error { return wrapUsage(cobra.MaximumNArgs(2)(cmd, args)) },
		RunE: func(_ *cobra.Command, args []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			f, err := historyFilter(cfg, args)
			if err != nil {
				return err
			}
			s, err := store.Open(store.Options{Path: cfg.Store.Path, ReadOnly: true})
			if err != nil {
				return err
			}
			defer s.Close()
			return printHistory(e.stdout, s, f)
		},
	}
	configFlag(cmd, &configPath)
	return cmd
}

// filter selects the promotions of a service (and environment); empty
// fields match everything.
type filter struct{ service, env string }

// historyFilter resolves SERVICE and ENV through the config.
func historyFilter(cfg *deploy.Config, args []string) (filter, error) {
	var f filter
	if len(args) > 0 {
		svc, err := cfg.ResolveService(args[0])
		if err != nil {
			return f, err
		}
		f.service = svc.Name
	}
	if len(args) > 1 {
		env, err := cfg.ResolveEnvironment(args[1])
		if err != nil {
			return f, err
		}
		f.env = env.Name
	}
	return f, nil
}

// printHistory writes every audit event that f selects as a table.
func printHistory(out io.Writer, s *store.Store, f filter) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tPROMOTION\tSERVICE\tENV\tACTOR\tACTION\tFROM→TO\tREASON")
	promotions := map[string]deploy.Promotion{}
	for seq := uint64(0); ; {
		evs, err := s.AuditSince(seq, historyPage)
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			break
		}
		for _, ev := range evs {
			seq = ev.Seq
			p, ok := promotions[ev.PromotionID]
			if !ok && ev.PromotionID != "" {
				p, _ = s.GetPromotion(ev.PromotionID)
				promotions[ev.PromotionID] = p
			}
			if (f.service != "" && p.Service != f.service) || (f.env != "" && p.Env != f.env) {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ev.At.UTC().Format("2006-01-02 15:04:05"),
				ev.PromotionID, p.Service, p.Env, ev.Actor, ev.Action, move(ev.From, ev.To), ev.Reason)
		}
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
