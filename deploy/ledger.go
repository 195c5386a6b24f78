package deploy

import (
	"cmp"
	"sort"
	"strings"
)

// ApprovalSource says where an approval ledger entry was given.
type ApprovalSource string

// Approval sources.
const (
	ApprovalSlack  ApprovalSource = "slack"  // the Approve button (or the engine's Approve)
	ApprovalGitHub ApprovalSource = "github" // a review on the pull request
	ApprovalCLI    ApprovalSource = "cli"    // deploybot approve, with a proven identity
)

// where is how the ledger text names a source.
func (s ApprovalSource) where() string {
	switch s {
	case ApprovalGitHub:
		return "on GitHub"
	case ApprovalCLI:
		return "on the command line"
	}
	return "in Slack"
}

// ReviewVerdict is what a ledger entry or a GitHub review says.
type ReviewVerdict string

// Review verdicts.
const (
	ReviewApproved         ReviewVerdict = "approved"
	ReviewChangesRequested ReviewVerdict = "changes_requested"
	ReviewDismissed        ReviewVerdict = "dismissed" // someone dismissed the review on GitHub
)

// source is a's source, Slack for entries from before the ledger.
func (a Approval) source() ApprovalSource {
	if a.Source == "" {
		return ApprovalSlack
	}
	return a.Source
}

// verdict is a's verdict, approved for entries from before the ledger.
func (a Approval) verdict() ReviewVerdict {
	if a.Verdict == "" {
		return ReviewApproved
	}
	return a.Verdict
}

// person is who gave a, for counting each person once across Slack and
// GitHub: the Slack ID, else the GitHub login.
func (a Approval) person() string {
	if a.By != "" {
		return a.By
	}
	return "github:" + strings.ToLower(a.Login)
}

// Ledger is a promotion's approvals as they stand at one pull request
// head: each person counted once, by their latest approval, change
// request or dismissed review across Slack and GitHub.
type Ledger struct {
	Head     string
	Required int
	Approved []Approval // approvals on Head that count, one per person
	Blocking []Approval // change requests in force, by people who could approve
	Stale    []Approval // approvals on an older head: they no longer count
	Ignored  []Approval // approvals and change requests that can't count (NotCounted)
}

// LedgerAt returns p's ledger at head for required approvals. An entry
// without a head (from before the ledger) applies to p.PR.HeadSHA.
func LedgerAt(p Promotion, head string, required int) Ledger {
	l := Ledger{Head: head, Required: required}
	for _, a := range latestPerPerson(p) {
		switch {
		case a.verdict() == ReviewDismissed:
		case a.NotCounted != "":
			l.Ignored = append(l.Ignored, a)
		case a.By == p.Requester:
			a.NotCounted = "the requester can't approve their own " + promotionNoun(p.Kind)
			l.Ignored = append(l.Ignored, a)
		case a.verdict() == ReviewChangesRequested:
			l.Blocking = append(l.Blocking, a)
		case cmp.Or(a.HeadSHA, p.PR.HeadSHA) != head:
			l.Stale = append(l.Stale, a)
		default:
			l.Approved = append(l.Approved, a)
		}
	}
	return l
}

// latestPerPerson returns each person's latest entry of p's ledger, in the
// order the people first appear. Entries are ordered by time; at equal
// times the later-recorded one wins.
func latestPerPerson(p Promotion) []Approval {
	entries := make([]Approval, len(p.Approvals))
	copy(entries, p.Approvals)
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].At.Before(entries[j].At) })
	latest := map[string]int{}
	var order []string
	for i, a := range entries {
		if a.By == "" && a.Login == "" {
			continue
		}
		k := a.person()
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = i
	}
	out := make([]Approval, 0, len(order))
	for _, k := range order {
		out = append(out, entries[latest[k]])
	}
	return out
}

// Met reports whether the ledger allows the merge: no change request in
// force and at least Required approvals on Head. Nothing is required
// when Required is 0.
func (l Ledger) Met() bool {
	if l.Required <= 0 {
		return true
	}
	return len(l.Blocking) == 0 && len(l.Approved) >= l.Required
}

// Counts reports whether person (a Slack ID) has an approval that counts.
func (l Ledger) Counts(person string) bool {
	for _, a := range l.Approved {
		if a.By == person {
			return true
		}
	}
	return false
}

// Missing says what keeps the ledger from being met, e.g. "1 more
// approval; changes requested by <@U1> on GitHub"; empty when met.
func (l Ledger) Missing(who Mentioner) string {
	if l.Met() {
		return ""
	}
	var parts []string
	if n := l.Required - len(l.Approved); n > 0 {
		parts = append(parts, countNoun(n, "more approval"))
	}
	if len(l.Blocking) > 0 {
		parts = append(parts, "changes requested by "+entryList(l.Blocking, who))
	}
	return strings.Join(parts, "; ")
}
