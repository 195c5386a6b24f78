package github

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// Branch protection messages of a 405 from PUT pulls/{n}/merge.
var (
	approvalsRE   = regexp.MustCompile(`At least (\d+) approving reviews? (?:is|are) required`)
	changesRE     = regexp.MustCompile(`(?i)changes requested`)
	oneCheckRE    = regexp.MustCompile(`Required status check "([^"]+)" is (expected|failing|pending)`)
	someChecksRE  = regexp.MustCompile(`(\d+) of (\d+) required status checks? (?:are|is|have) `)
	codeOwnersRE  = regexp.MustCompile(`(?i)code owner`)
	signedRE      = regexp.MustCompile(`(?i)signed`)
	failingStates = []string{"failure", "cancelled", "timed_out", "action_required", "startup_failure", "stale"}
)

// blockedReason turns GitHub's refusal into what a person can do about it.
func (c *Client) blockedReason(ctx context.Context, name, head, msg string) string {
	switch {
	case approvalsRE.MatchString(msg):
		n, _ := strconv.Atoi(approvalsRE.FindStringSubmatch(msg)[1])
		return fmt.Sprintf("GitHub needs %d approving review(s) from people with write access on %s before it can merge", n, name)
	case changesRE.MatchString(msg):
		return fmt.Sprintf("a reviewer requested changes on %s; GitHub won't merge it until they approve it or their review is dismissed", name)
	case oneCheckRE.MatchString(msg):
		m := oneCheckRE.FindStringSubmatch(msg)
		if m[2] == "failing" {
			return fmt.Sprintf("the required check %q is failing on %s; fix it or re-run it, then merge again", m[1], name)
		}
		return fmt.Sprintf("GitHub is waiting for the required check %q on %s, which has not passed yet; merge again once it has", m[1], name)
	case someChecksRE.MatchString(msg):
		m := someChecksRE.FindStringSubmatch(msg)
		return fmt.Sprintf("%s of %s required checks have not passed on %s%s; merge again once they have", m[1], m[2], name, c.checkSummary(ctx, head))
	case codeOwnersRE.MatchString(msg):
		return fmt.Sprintf("GitHub needs a review from a code owner on %s before it can merge", name)
	case signedRE.MatchString(msg):
		return fmt.Sprintf("the base branch of %s requires signed commits, which deploybot's commits through the API are not; relax the rule for deploybot's branches or merge by hand", name)
	}
	return fmt.Sprintf("GitHub refused to merge %s: %s", name, strings.TrimSuffix(msg, "."))
}

// checkSummary names the check runs on head that failed or are still
// running, like " (failing: lint, test; still running: build)", with one
// request; "" when it can't tell.
func (c *Client) checkSummary(ctx context.Context, head string) string {
	runs, _, err := c.gh.Checks.ListCheckRunsForRef(ctx, c.owner, c.name, head, &gh.ListCheckRunsOptions{
		ListOptions: gh.ListOptions{PerPage: 100}})
	if err != nil || runs == nil {
		return ""
	}
	var failing, running []string
	for _, r := range runs.CheckRuns {
		switch {
		case r.GetStatus() != "completed":
			running = append(running, r.GetName())
		case slices.Contains(failingStates, r.GetConclusion()):
			failing = append(failing, r.GetName())
		}
	}
	var parts []string
	if len(failing) > 0 {
		parts = append(parts, "failing: "+strings.Join(sortedUnique(failing), ", "))
	}
	if len(running) > 0 {
		parts = append(parts, "still running: "+strings.Join(sortedUnique(running), ", "))
	}
	if len(parts) == 0 {
		return " (none of them has reported yet)"
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// sortedUnique sorts names and drops repeats.
func sortedUnique(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
