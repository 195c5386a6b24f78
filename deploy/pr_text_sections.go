package deploy

import (
	"fmt"
	"strings"
)

// writeOrigin writes the section on the pull request behind the version.
func writeOrigin(b *strings.Builder, in PRBodyInput) {
	_, to := planVersions(in.Promotion, in.Plan)
	b.WriteString("### Original pull request\n\n")
	o := in.Origin
	switch {
	case o != nil:
		ref := mdLink(o.Repo+"#"+fmt.Sprint(o.Number), o.URL)
		fmt.Fprintf(b, "%s is %s: %s", mdCode(string(to)), ref, mdCommitSubject(o.Title, o.Repo))
		if o.Author != "" {
			fmt.Fprintf(b, " by %s", mdText(o.Author))
		}
		if !o.MergedAt.IsZero() {
			fmt.Fprintf(b, ", merged %s", prTime(o.MergedAt))
		}
		if o.MergeSHA != "" {
			fmt.Fprintf(b, " as %s", mdCode(prShortSHA(o.MergeSHA)))
		}
		b.WriteString(".\n\n")
	case in.SourceRepo == "":
		fmt.Fprintf(b, "Unknown: no `source` repository is configured for %s in deploybot.yaml.\n\n", mdText(in.Promotion.Service))
	default:
		fmt.Fprintf(b, "No merged pull request in %s has %s's commit as its merge commit. Check that the version was built from a reviewed change.\n\n",
			mdText(in.SourceRepo), mdCode(string(to)))
	}
}

// writeChangelog writes the commits between the two versions, at most
// ChangelogShown of them.
func writeChangelog(b *strings.Builder, in PRBodyInput) {
	from, to := planVersions(in.Promotion, in.Plan)
	cl := in.Changelog
	if cl == nil {
		fmt.Fprintf(b, "### Changes from %s to %s\n\n", mdCode(string(from)), mdCode(string(to)))
		if in.SourceRepo == "" {
			b.WriteString("Unknown: no `source` repository is configured for this service.\n\n")
		} else {
			fmt.Fprintf(b, "Unknown: %s could not be compared between the two versions.\n\n", mdText(in.SourceRepo))
		}
		return
	}
	fmt.Fprintf(b, "### Changes from %s to %s (%s)\n\n", mdCode(string(from)), mdCode(string(to)), prCount(cl.Total, "commit"))
	if cl.Total == 0 || len(cl.Commits) == 0 {
		b.WriteString("No commits between the two versions.\n\n")
		return
	}
	shown := cl.Commits[:min(len(cl.Commits), ChangelogShown)]
	for _, c := range shown {
		fmt.Fprintf(b, "- %s %s", mdLink(mdCode(prShortSHA(c.SHA)), c.URL), mdCommitSubject(c.Message, in.SourceRepo))
		if c.Author != "" {
			fmt.Fprintf(b, " (%s)", mdText(c.Author))
		}
		b.WriteString("\n")
	}
	if more := cl.Total - len(shown); more > 0 {
		fmt.Fprintf(b, "- … and %d more", more)
		if in.CompareURL != "" {
			fmt.Fprintf(b, " (%s)", mdLink("full comparison", in.CompareURL))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// writeEvidence writes what the upstream environment showed.
func writeEvidence(b *strings.Builder, ev *Evidence, env string) {
	if ev == nil {
		b.WriteString("### Validated upstream\n\n")
		fmt.Fprintf(b, "Nothing: %s has no upstream environment the version had to run in first.\n\n", mdText(env))
		return
	}
	fmt.Fprintf(b, "### Validated in %s\n\n", mdText(ev.Env))
	if ev.Version != "" {
		fmt.Fprintf(b, "- **Version:** %s runs in %s\n", mdCode(string(ev.Version)), mdText(ev.Env))
	} else {
		fmt.Fprintf(b, "- **Versions:** each new version above is the one %s runs\n", mdText(ev.Env))
	}
	if ev.Revision != "" {
		fmt.Fprintf(b, "- **Synced revision:** %s\n", mdCode(ev.Revision))
	}
	if !ev.HealthySince.IsZero() {
		fmt.Fprintf(b, "- **Healthy since:** %s", prTime(ev.HealthySince))
		if ev.ObservedAt.After(ev.HealthySince) {
			fmt.Fprintf(b, ", healthy for %s when checked at %s", prDuration(ev.ObservedAt.Sub(ev.HealthySince)), prTime(ev.ObservedAt))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// writeChecklist writes the reviewer's checklist.
func writeChecklist(b *strings.Builder, ev *Evidence, all bool) {
	upstream := "upstream"
	if ev != nil && ev.Env != "" {
		upstream = "in " + mdText(ev.Env)
	}
	scope := "one service, one environment"
	if all {
		scope = "the services listed above, one environment"
	}
	b.WriteString("### Review checklist\n\n")
	b.WriteString("- [ ] revision is a real commit, not a branch\n")
	b.WriteString("- [ ] the original PR is linked\n")
	fmt.Fprintf(b, "- [ ] validated %s\n", upstream)
	fmt.Fprintf(b, "- [ ] scope is right: %s\n\n", scope)
}

// writeRollbackPlan says how to undo the promotion.
func writeRollbackPlan(b *strings.Builder, p Promotion, plan Plan, env string, all bool) {
	b.WriteString("### Rollback plan\n\n")
	if all {
		var olds []string
		for _, ch := range plan.Changes {
			olds = append(olds, fmt.Sprintf("%s %s", mdText(ch.Service), mdCode(string(ch.From))))
		}
		fmt.Fprintf(b, "Revert to %s: ", strings.Join(olds, ", "))
	} else {
		from, _ := planVersions(p, plan)
		fmt.Fprintf(b, "Revert to %s: ", mdCode(string(from)))
	}
	fmt.Fprintf(b, "the **Rollback** button in Slack (or `/rollback %s %s`) opens a pull request whose one commit restores these files to their content before this pull request's merge commit, and touches nothing else.\n\n",
		oneLine(p.Service), oneLine(env))
}
