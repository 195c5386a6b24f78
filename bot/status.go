package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
)

// status answers /promote status [SERVICE]: what runs where, and what is
// in flight, as a monospace table.
func (b *Bot) status(ctx context.Context, to replyTo, service string) {
	if b.opts.Status == nil {
		b.reply(ctx, to, "/promote status is not available: deploybot was started without a view of the GitOps repository.")
		return
	}
	table, inflight, err := b.opts.Status(ctx)
	if err != nil {
		b.log.Error("status failed", "err", err)
		b.reply(ctx, to, deploy.UserMessage(err))
		return
	}
	b.reply(ctx, to, "```\n"+statusTable(table, inflight, service)+"```")
}

// statusTable renders the table with an "in flight" column, filtered to
// service when it is set.
func statusTable(t deploy.StatusTable, inflight []deploy.Promotion, service string) string {
	grid := [][]string{append(append([]string{"service"}, t.Envs...), "in flight")}
	for _, row := range t.Rows {
		if service != "" && row.Service != service {
			continue
		}
		line := []string{row.Service}
		for _, c := range row.Cells {
			line = append(line, cellText(c))
		}
		grid = append(grid, append(line, flightText(row.Service, inflight)))
	}
	return columns(grid)
}

func cellText(c deploy.StatusCell) string {
	switch {
	case c.Err != "":
		return "— (unreadable)"
	case c.DiffersFromUpstream:
		return string(c.Version) + " *"
	}
	return string(c.Version)
}

// flightText is "#1042 pr_open (@maria)" for each active promotion of svc.
func flightText(svc string, inflight []deploy.Promotion) string {
	var parts []string
	for _, p := range inflight {
		if p.Service != svc && p.Service != deploy.AllServices {
			continue
		}
		s := fmt.Sprintf("%s %s→%s %s", p.ID, p.Env, flightVersion(p, svc), p.State)
		if p.PR.Number != 0 {
			s = fmt.Sprintf("#%d %s", p.PR.Number, s)
		}
		parts = append(parts, s+" ("+mention(p.Requester)+")")
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "; ")
}

// flightVersion is the version p moves svc to: "v9.1.1", or for a
// promotion of every service "v9.1.1 (all)", or "all" when svc is not one
// of its changes.
func flightVersion(p deploy.Promotion, svc string) string {
	if p.Service != deploy.AllServices {
		return string(p.Version)
	}
	for _, c := range p.Changes {
		if c.Service == svc {
			return string(c.To) + " (all)"
		}
	}
	return deploy.AllServices
}

// columns pads every column to its widest cell.
func columns(grid [][]string) string {
	var widths []int
	for _, line := range grid {
		for j, c := range line {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], len([]rune(c)))
		}
	}
	var sb strings.Builder
	for _, line := range grid {
		var l strings.Builder
		for j, c := range line {
			l.WriteString(c)
			if j < len(line)-1 {
				l.WriteString(strings.Repeat(" ", widths[j]-len([]rune(c))+2))
			}
		}
		sb.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	return sb.String()
}

// rollbackMenu offers the channel's recent promotions as Rollback buttons.
func (b *Bot) rollbackMenu(ctx context.Context, to replyTo) {
	var recent []deploy.Promotion
	if b.opts.Recent != nil {
		var err error
		if recent, err = b.opts.Recent(ctx, to.Channel); err != nil {
			b.log.Error("listing recent promotions failed", "err", err)
			b.reply(ctx, to, deploy.UserMessage(err))
			return
		}
	}
	bs := []slack.Block{section("Which promotion do you want to roll back?")}
	for i, p := range recent {
		if i == 10 {
			break
		}
		label := fmt.Sprintf("*%s* `%s` in %s · %s · %s", serviceName(p), targetVersions(p), p.Env, p.State, clockTime(p.CreatedAt))
		bs = append(bs, slack.NewSectionBlock(mrkdwn(label), nil,
			slack.NewAccessory(button(actionRollback, p.ID, rollbackLabel(p), "danger"))))
	}
	if len(bs) == 1 {
		b.reply(ctx, to, "There is no recent promotion here to roll back. "+rollbackUsage)
		return
	}
	b.reply(ctx, to, "Pick a promotion to roll back, or use /rollback SERVICE ENV.", bs...)
}

// helpText is /promote help.
func helpText(cfg *deploy.Config) string {
	return strings.Join([]string{
		"*deploybot* promotes versions through GitOps pull requests.",
		"• `/promote SERVICE VERSION ENV` — e.g. `/promote api v9.1.1 prod`",
		"• `/promote SERVICE ENV` — promote what the upstream environment runs",
		"• `/promote all ENV` — every service",
		"• `/promote status [SERVICE]` — what runs where, and what is in flight",
		"• `/rollback SERVICE ENV` — undo the last promotion there; `/rollback` alone to pick one",
		"Services: " + strings.Join(cfg.ServiceNames(), ", ") + ". Environments: " + strings.Join(cfg.EnvironmentNames(), ", ") + ".",
	}, "\n")
}
