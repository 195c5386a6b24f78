package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// status answers /promote status [SERVICE]: what runs where, and what is
// in flight, as a monospace table.
func (b *Bot) status(ctx context.Context, to replyTo, service string) {
	table, inflight, err := b.engine.Status(ctx)
	if err != nil {
		b.log.Error("status failed", "err", err)
		b.reply(ctx, to, fault.UserMessage(err))
		return
	}
	b.reply(ctx, to, statusReply(table, inflight, service))
}

// maxStatusText bounds the /promote status reply, in bytes (so in
// characters too): a few screens of table, far inside the 40,000
// characters past which Slack cuts a message's text (and with it the
// closing ```).
const maxStatusText = 12000

// statusReply is the status table as a code block, with as many rows as
// fit in maxStatusText; when some do not, a line after it says how many
// are shown and how to see one service.
func statusReply(t deploy.StatusTable, inflight []deploy.Promotion, service string) string {
	lines := strings.SplitAfter(statusTable(t, inflight, service), "\n")
	head, rows := lines[0], lines[1:len(lines)-1] // the last is the empty string after the final newline
	const fence = "```"
	footer := fmt.Sprintf("\nShowing %d of %d services. /promote status SERVICE shows one.", len(rows), len(rows))
	var sb strings.Builder
	sb.WriteString(fence + "\n" + head)
	shown := 0
	for _, r := range rows {
		if sb.Len()+len(r)+len(fence)+len(footer) > maxStatusText {
			break
		}
		sb.WriteString(r)
		shown++
	}
	sb.WriteString(fence)
	if shown < len(rows) {
		fmt.Fprintf(&sb, "\nShowing %d of %d services. /promote status SERVICE shows one.", shown, len(rows))
	}
	return clip(sb.String(), maxMessageText)
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

// maxPickerCandidates is how many recent promotions /rollback offers:
// one section each under the question, well inside Slack's 50 blocks.
const maxPickerCandidates = 10

// maxPickerLabel bounds each candidate's line, in characters, far under a
// section's 3000: ten candidates of every service at 3000 each would be
// 30,000 characters of blocks, past what Slack takes in one message
// (msg_blocks_too_long, a limit it does not document; see
// slackfake/FIDELITY.md).
const maxPickerLabel = 500

// rollbackMenu offers the channel's recent promotions as Rollback buttons.
func (b *Bot) rollbackMenu(ctx context.Context, to replyTo) {
	recent, err := b.engine.Recent(ctx, to.Channel)
	if err != nil {
		b.log.Error("listing recent promotions failed", "err", err)
		b.reply(ctx, to, fault.UserMessage(err))
		return
	}
	text, bs := rollbackPicker(recent)
	b.reply(ctx, to, text, bs...)
}

// rollbackPicker is the /rollback reply: the question and one section per
// recent promotion (at most maxPickerCandidates) with its Rollback
// button, or, without any, the text saying so and no blocks. Each button
// has its own action_id (pickerActionID), as Slack wants action_ids
// unique; runAction takes every one as a Rollback of the button's value.
func rollbackPicker(recent []deploy.Promotion) (string, []slack.Block) {
	if len(recent) == 0 {
		return "There is no recent promotion here to roll back. " + rollbackUsage, nil
	}
	bs := []slack.Block{section("Which promotion do you want to roll back?")}
	for i, p := range recent[:min(len(recent), maxPickerCandidates)] {
		label := fmt.Sprintf("*%s* `%s` in %s · %s · %s", serviceName(p), targetVersions(p), p.Env, p.State, clockTime(p.CreatedAt))
		bs = append(bs, slack.NewSectionBlock(mrkdwn(clip(label, maxPickerLabel)), nil,
			slack.NewAccessory(button(pickerActionID(i), p.ID, rollbackLabel(p), "danger"))))
	}
	return "Pick a promotion to roll back, or use /rollback SERVICE ENV.", bs
}

// pickerActionID is the action_id of the picker's i-th Rollback button
// (from 0): "rollback:1", "rollback:2", …
func pickerActionID(i int) string { return actionRollback + ":" + strconv.Itoa(i+1) }

// helpText is /promote help.
func helpText(cfg *config.Config) string {
	return strings.Join([]string{
		"*deploybot* promotes versions through GitOps pull requests.",
		"• `/promote SERVICE VERSION ENV` — e.g. `/promote api v9.1.1 prod`",
		"• `/promote SERVICE ENV` — promote what the upstream environment runs",
		"• `/promote all ENV` — every service",
		"• `/promote status [SERVICE]` — what runs where, and what is in flight",
		"• `/rollback SERVICE ENV` — undo the last promotion there; `/rollback` alone to pick one",
		"Services: " + nameList(cfg.ServiceNames(), maxHelpNames) + ". Environments: " + nameList(cfg.EnvironmentNames(), maxHelpNames) + ".",
	}, "\n")
}

// maxHelpNames bounds each list of names in /promote help, in bytes: a
// config may name hundreds of services.
const maxHelpNames = 1500

// nameList is "api, checkout, web", or as many names as fit in maxLen
// followed by "and 480 more".
func nameList(names []string, maxLen int) string {
	n, size := 0, 0
	for _, name := range names {
		if size+len(name)+2 > maxLen {
			break
		}
		n, size = n+1, size+len(name)+2
	}
	s := strings.Join(names[:n], ", ")
	if rest := len(names) - n; rest > 0 {
		s += fmt.Sprintf(" and %d more", rest)
	}
	return s
}
