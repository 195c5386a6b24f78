package deploy

import (
	"fmt"
	"strings"
)

// RollbackBodyInput is what a rollback pull request's description shows.
type RollbackBodyInput struct {
	Rollback Promotion    // the rollback: ID, Service, Env, Version (restored), PreviousVersion (undone), Requester, Reason
	Of       Promotion    // the promotion it undoes, with its PR and MergeSHA
	Files    []FileChange // what the rollback restores, as RevertFiles returns them
	RepoURL  string       // web URL of the GitOps repo, e.g. https://github.com/acme/gitops, for the merge commit link; optional
}

// RollbackBody returns the Markdown description of a rollback pull
// request: what it undoes (linking the promotion's pull request and merge
// commit) and why, the services and the files it restores, a short review
// checklist and the hidden marker of the rollback promotion. It never
// fails.
func RollbackBody(in RollbackBodyInput) string {
	rb, of := in.Rollback, in.Of
	all := strings.EqualFold(rb.Service, AllServices)
	var b strings.Builder
	if all {
		fmt.Fprintf(&b, "## Roll back all services in %s\n\n", mdText(rb.Env))
	} else {
		fmt.Fprintf(&b, "## Roll back %s in %s: %s\n\n", mdText(rb.Service), mdText(rb.Env), prVersionMove(rb.PreviousVersion, rb.Version))
	}
	writeWhy(&b, rb)
	fmt.Fprintf(&b, "This undoes %s", prRef(of.PR))
	if of.PR.Title != "" {
		fmt.Fprintf(&b, " (%s)", mdText(of.PR.Title))
	}
	if of.MergeSHA != "" {
		fmt.Fprintf(&b, ": its one commit restores every file of that promotion to its content before the merge commit %s", commitLink(of.MergeSHA, in.RepoURL))
	}
	b.WriteString(", and touches no other file.\n\n")
	if !all {
		fmt.Fprintf(&b, "| service | %s now | after merge |\n|---|---|---|\n", mdText(rb.Env))
		fmt.Fprintf(&b, "| %s | %s | %s |\n\n", mdText(rb.Service), mdCode(string(rb.PreviousVersion)), mdCode(string(rb.Version)))
	}
	fmt.Fprintf(&b, "### Files restored (%d)\n\n", len(in.Files))
	writeFiles(&b, in.Files)
	b.WriteString("\n### Review checklist\n\n")
	fmt.Fprintf(&b, "- [ ] only the files of %s change\n", prRef(of.PR))
	if !all {
		fmt.Fprintf(&b, "- [ ] %s is what %s ran before %s\n", mdCode(string(rb.Version)), mdText(rb.Env), prRef(of.PR))
	}
	b.WriteString("\n")
	writeFooter(&b, rb.ID)
	return b.String()
}

// prRef links a pull request as "#12", or names it "the promotion's pull
// request" when it has no number.
func prRef(pr PullRequest) string {
	if pr.Number == 0 {
		return "the promotion's pull request"
	}
	return mdLink(fmt.Sprintf("#%d", pr.Number), pr.URL)
}

// commitLink shows a commit as its short SHA, linked when the repository's
// web URL is known.
func commitLink(sha, repoURL string) string {
	url := ""
	if repoURL != "" {
		url = strings.TrimSuffix(repoURL, "/") + "/commit/" + sha
	}
	return mdLink(mdCode(prShortSHA(sha)), url)
}
