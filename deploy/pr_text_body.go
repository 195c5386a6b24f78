package deploy

import (
	"cmp"
	"fmt"
	"strings"
)

// ChangelogShown is how many commits a promotion pull request lists before
// "… and N more".
const ChangelogShown = 20

// PRBodyInput is what a promotion pull request's description shows.
type PRBodyInput struct {
	Promotion  Promotion  // ID, Service, Env, versions, Requester, Reason, Force, Evidence, CreatedAt
	Plan       Plan       // the services that move and the files that change
	Origin     *Change    // the merged pull request behind the new version; nil when none was found
	Changelog  *Changelog // commits from the current to the new version, newest first; nil when unknown
	SourceRepo string     // owner/name of the service's application repo; "" when none is configured
	CompareURL string     // web page comparing the two versions, linked when the list is trimmed; optional
	// Approvals is the Approvals section's text (see approvalsNote);
	// empty leaves the section out.
	Approvals string
}

// PromotionBody returns the Markdown description of a promotion pull
// request: what changes and why, the services and files, the original pull
// request, the changes between the versions, the evidence from the
// upstream environment, a review checklist, the approvals it needs (when
// in.Approvals is set), the rollback plan and a hidden
// marker (<!-- deploybot:promotion=ID -->) that ties it to the promotion.
// Free text (the reason, commit subjects) is escaped so it shows as
// written and notifies nobody. It never fails.
func PromotionBody(in PRBodyInput) string {
	p := in.Promotion
	env := cmp.Or(in.Plan.Env, p.Env)
	all := strings.EqualFold(p.Service, AllServices) || in.Plan.Service == AllServices
	var b strings.Builder
	if all {
		fmt.Fprintf(&b, "## Promote all services to %s\n\n", env)
	} else {
		from, to := planVersions(p, in.Plan)
		fmt.Fprintf(&b, "## Promote %s to %s: %s\n\n", p.Service, env, prVersionMove(from, to))
	}
	writeWhy(&b, p)
	writeServices(&b, env, in.Plan)
	if !all {
		writeOrigin(&b, in)
		writeChangelog(&b, in)
	}
	writeEvidence(&b, p.Evidence, env)
	writeChecklist(&b, p.Evidence, all)
	writeApprovals(&b, in.Approvals)
	writeRollbackPlan(&b, p, in.Plan, env, all)
	writeFooter(&b, p.ID)
	return b.String()
}

// planVersions returns the one service's versions: from the plan when it
// moves exactly one service, else from the promotion.
func planVersions(p Promotion, plan Plan) (from, to Version) {
	if len(plan.Changes) == 1 {
		return plan.Changes[0].From, plan.Changes[0].To
	}
	return p.PreviousVersion, p.Version
}

// writeWhy writes who asked, and their reason.
func writeWhy(b *strings.Builder, p Promotion) {
	fmt.Fprintf(b, "Requested by %s", mdRequester(p.Requester))
	if slackIDRE.MatchString(p.Requester) {
		b.WriteString(" in Slack")
	}
	if !p.CreatedAt.IsZero() {
		fmt.Fprintf(b, " at %s", prTime(p.CreatedAt))
	}
	b.WriteString(".\n\n")
	if strings.TrimSpace(p.Reason) != "" {
		b.WriteString(mdQuote(p.Reason) + "\n\n")
	}
	if strings.TrimSpace(p.Force) != "" {
		fmt.Fprintf(b, "**This version was rolled back before.** Promoted again because:\n\n%s\n\n", mdQuote(p.Force))
	}
}

// writeServices writes the table of services that move and the files.
func writeServices(b *strings.Builder, env string, plan Plan) {
	b.WriteString("### What changes\n\n")
	fmt.Fprintf(b, "| service | %s now | after merge |\n|---|---|---|\n", mdText(env))
	for _, ch := range plan.Changes {
		fmt.Fprintf(b, "| %s | %s | %s |\n", mdText(ch.Service), mdCode(string(ch.From)), mdCode(string(ch.To)))
	}
	if len(plan.Unchanged) > 0 {
		names := make([]string, len(plan.Unchanged))
		for i, u := range plan.Unchanged {
			names[i] = mdText(u.Service)
		}
		fmt.Fprintf(b, "\nAlready up to date, not changed: %s.\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(b, "\n%s in one commit:\n\n", prCount(len(plan.Files), "file"))
	writeFiles(b, plan.Files)
	b.WriteString("\n")
}

// writeFiles lists files, saying which are created or deleted.
func writeFiles(b *strings.Builder, files []FileChange) {
	for _, f := range files {
		note := ""
		switch {
		case f.Old == nil:
			note = " (new file)"
		case f.New == nil:
			note = " (deleted)"
		}
		fmt.Fprintf(b, "- %s%s\n", mdCode(f.Path), note)
	}
}

// writeFooter writes the closing note and the hidden marker.
func writeFooter(b *strings.Builder, id string) {
	b.WriteString("---\n")
	fmt.Fprintf(b, "<sub>Opened by deploybot for promotion %s. Approve and merge it in Slack or here; deploybot follows it either way. Please don't push to this branch.</sub>\n\n", mdCode(id))
	b.WriteString(promotionMarker(id) + "\n")
}
