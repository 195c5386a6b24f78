package bot

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy"
)

// approvalsNeeded is "needs 1 approval from <!subteam^S0LEADS> (not
// <@U0MARIA>)", with "; changes requested by <@U0LEE> on GitHub" while a
// change request blocks, or "" when the ledger is met.
func approvalsNeeded(v view) string {
	l := ledgerOf(v)
	if l.Met() {
		return ""
	}
	var parts []string
	if missing := l.Required - len(l.Approved); missing > 0 {
		from := ""
		if len(v.Env.Approvers) > 0 {
			from = " from " + mentions(v.Env.Approvers)
		}
		noun := "approval"
		if len(l.Approved) > 0 {
			noun = "more approval"
		}
		parts = append(parts, plural(missing, noun)+from+" (not "+mention(v.P.Requester)+")")
	}
	if len(l.Blocking) > 0 {
		parts = append(parts, "changes requested by "+whoList(l.Blocking))
	}
	return "needs " + strings.Join(parts, "; ")
}

// ledgerOf is v's approval ledger at the pull request's head: the
// approvals that count (one per person, Slack and GitHub together), the
// change requests that block and what does not count.
func ledgerOf(v view) deploy.Ledger {
	p := v.P
	return deploy.LedgerAt(p, p.PR.HeadSHA, deploy.RequiredApprovals(v.Env, p.Kind))
}

// ledgerText is the Approvals field: "Approved by <@U0SAM001> in Slack,
// @lee on GitHub — 2 of 2 · not counted: …"; "" while nobody approved or
// reviewed (the context line says what is needed).
func ledgerText(v view) string {
	l := ledgerOf(v)
	if len(l.Approved)+len(l.Blocking)+len(l.Stale)+len(l.Ignored) == 0 {
		return ""
	}
	return clip(l.Text(deploy.SlackWho), maxFieldText-len("*Approvals*\n"))
}

// whoList names the people of ledger entries and where they spoke, as
// deploy.Ledger.Text does: "<@U0LEE> on GitHub, <@U0SAM001> in Slack".
func whoList(as []deploy.Approval) string {
	out := make([]string, len(as))
	for i, a := range as {
		where := " in Slack"
		switch a.Source {
		case deploy.ApprovalGitHub:
			where = " on GitHub"
		case deploy.ApprovalCLI:
			where = " on the command line"
		}
		out[i] = deploy.SlackWho(a) + where
	}
	return strings.Join(out, ", ")
}

// changesText is the changelog: the original pull request, then up to
// three commits.
func changesText(v view) string {
	d := v.D
	var parts []string
	if o := d.Origin; o != nil {
		t := fmt.Sprintf("#%d %s", o.Number, escape(o.Title))
		if o.URL != "" {
			t = "<" + o.URL + "|" + t + ">"
		}
		if o.Author != "" {
			t += " (@" + escape(o.Author) + ")"
		}
		parts = append(parts, t)
	}
	if cl := d.Changelog; cl != nil && cl.Total > 0 {
		parts = append(parts, commitsText(cl))
	}
	if len(parts) == 0 {
		return escape(d.ChangesNote)
	}
	return strings.Join(parts, "\n")
}

// commitsText is "3 commits: Fix token refresh (li) · Bump grpc · …".
func commitsText(cl *deploy.Changelog) string {
	var msgs []string
	for i, c := range cl.Commits {
		if i == 3 {
			break
		}
		m := escape(c.Message)
		if c.Author != "" {
			m += " (" + escape(c.Author) + ")"
		}
		msgs = append(msgs, m)
	}
	s := plural(cl.Total, "commit")
	if len(msgs) > 0 {
		s += ": " + strings.Join(msgs, " · ")
	}
	if cl.Total > len(msgs) {
		s += " · …"
	}
	return s
}

// validatedText is the upstream evidence: "staging runs v9.1.1 · Synced at
// a1b2c3d · Healthy for 2h 14m ✅".
func validatedText(v view) string {
	e := v.P.Evidence
	if e == nil {
		if v.Env.After == "" {
			return "no upstream environment to validate in"
		}
		return ""
	}
	s := fmt.Sprintf("%s runs %s", e.Env, e.Version)
	if e.Revision != "" {
		s += " · Synced at " + short(e.Revision)
	}
	if !e.HealthySince.IsZero() && !e.ObservedAt.IsZero() {
		s += " · Healthy for " + minutes(e.ObservedAt.Sub(e.HealthySince)) + " ✅"
	}
	return s
}

func riskText(v view) string {
	if v.D.Risk == nil {
		return ""
	}
	return escape(v.D.Risk.String())
}

func rollbackPlanText(v view) string {
	if v.D.RollbackPlan != "" {
		return escape(v.D.RollbackPlan)
	}
	if prev := previousVersions(v.P); prev != "" && v.P.Kind == deploy.KindPromote {
		return "revert to " + prev + " (one click below once deployed)"
	}
	return ""
}

// prText is "<url|acme/gitops#1042>  title".
func prText(v view) string {
	name := prLink(v.P.PR, v.Repo)
	if name != "" && v.P.PR.Title != "" {
		name += "  " + escape(v.P.PR.Title)
	}
	return name
}
