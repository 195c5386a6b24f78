package bot

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy"
)

// approvalsNeeded is "needs 1 approval from <!subteam^S0LEADS> (not
// <@U0MARIA>)", or "" when no approval is (still) needed.
func approvalsNeeded(v view) string {
	p := v.P
	required := deploy.RequiredApprovals(v.Env, p.Kind)
	missing := required - countApprovers(p)
	if missing <= 0 {
		return ""
	}
	from := ""
	if len(v.Env.Approvers) > 0 {
		from = " from " + mentions(v.Env.Approvers)
	}
	s := "needs " + plural(missing, "approval") + from + " (not " + mention(p.Requester) + ")"
	if n := countApprovers(p); n > 0 {
		s += " · approved by " + approvers(p)
	}
	return s
}

// countApprovers counts the distinct approvers other than the requester.
func countApprovers(p deploy.Promotion) int {
	seen := map[string]bool{}
	for _, a := range p.Approvals {
		if a.By != p.Requester {
			seen[a.By] = true
		}
	}
	return len(seen)
}

// approvers renders who approved p.
func approvers(p deploy.Promotion) string {
	var ids []string
	for _, a := range p.Approvals {
		ids = append(ids, a.By)
	}
	return mentions(ids)
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
