package deploy

import (
	"context"
	"io/fs"
	"time"
)

// Repo is the GitOps config repository as the engine uses it: read files at
// a commit, propose a change as a pull request, follow it, merge it, abandon
// it. The GitHub adapter (integrations/github) implements it; every method
// returns a *Error with a code a person can act on (CodeUnauthorised for
// missing permissions, CodeNotFound for a missing repo or PR, CodeConflict
// for a moved head, CodeBlocked for branch protection) or an internal error.
type Repo interface {
	// Head returns the SHA of the tip of the base branch.
	Head(ctx context.Context) (string, error)
	// Snapshot returns the repository's files at commit sha, read lazily.
	Snapshot(ctx context.Context, sha string) (fs.FS, error)
	// Parent returns the first parent of commit sha.
	Parent(ctx context.Context, sha string) (string, error)
	// OpenChange commits req.Files as one commit on top of req.BaseSHA on
	// branch req.Branch and opens a pull request into the base branch. It is
	// idempotent: an existing branch and open pull request for req.Branch are
	// found and returned, never duplicated. If it fails after creating the
	// branch, it deletes the branch again.
	OpenChange(ctx context.Context, req ChangeRequest) (PullRequest, error)
	// ChangeStatus returns the pull request's state, using conditional
	// requests so an unchanged pull request costs no rate limit.
	ChangeStatus(ctx context.Context, pr PullRequest) (ChangeStatus, error)
	// Merge merges the pull request if its head is still pr.HeadSHA and
	// returns the merge commit SHA. A moved head is CodeConflict; branch
	// protection refusing the merge is CodeBlocked with GitHub's reason.
	Merge(ctx context.Context, pr PullRequest, message string) (string, error)
	// Abandon closes the pull request if it is open and deletes its branch.
	Abandon(ctx context.Context, pr PullRequest) error
	// LastChange returns the newest commit in (fromSHA, toSHA] that changed
	// path, or nil if none did.
	LastChange(ctx context.Context, path, fromSHA, toSHA string) (*Commit, error)
	// ResolveCommit resolves ref (a short or full SHA, a tag or a branch) in
	// repository repo (owner/name; "" for the config repo) to a full SHA.
	ResolveCommit(ctx context.Context, repo, ref string) (string, error)
	// OriginPR returns the merged pull request whose merge commit is sha in
	// repo, or nil if there is none.
	OriginPR(ctx context.Context, repo, sha string) (*Change, error)
	// Compare returns the commits in repo after from up to to, newest
	// first, at most limit of them, with the total count.
	Compare(ctx context.Context, repo, from, to string, limit int) (Changelog, error)
	// IsAncestor reports whether commit descendant of the config repo is
	// commit ancestor or contains it in its history. History never
	// changes, so implementations may cache the answer.
	IsAncestor(ctx context.Context, ancestor, descendant string) (bool, error)
}

// ChangeRequest is a change of the GitOps repo to propose as a pull request.
type ChangeRequest struct {
	Branch        string       // branch to create, unique to the promotion
	BaseSHA       string       // commit the change applies to
	Files         []FileChange // New nil deletes the file
	Message       string       // commit message
	Title         string
	Body          string // Markdown
	Labels        []string
	Reviewers     []string // GitHub logins
	TeamReviewers []string // GitHub team slugs
}

// Change state values of ChangeStatus.State.
const (
	ChangeOpen   = "open"
	ChangeMerged = "merged"
	ChangeClosed = "closed" // closed without merge
)

// ChangeStatus is what a pull request looks like now.
type ChangeStatus struct {
	State            string // ChangeOpen, ChangeMerged or ChangeClosed
	HeadSHA          string
	MergeSHA         string
	MergedBy         string
	MergedAt         time.Time
	Approvals        []string // logins whose latest review approves
	ChangesRequested []string // logins whose latest review requests changes
	// Reviews are the pull request's approving, change-requesting and
	// dismissed reviews, oldest first (comments and pending reviews are
	// left out).
	Reviews   []Review
	Unchanged bool // nothing changed since the previous poll (HTTP 304)
}

// Review is one GitHub review of a pull request.
type Review struct {
	ID          int64
	Login       string
	Verdict     ReviewVerdict
	CommitID    string // the head the review was given on
	SubmittedAt time.Time
}

// Change is a pull request in any repository, as a changelog shows it.
type Change struct {
	Repo     string // owner/name
	Number   int
	Title    string
	Author   string
	URL      string
	MergeSHA string
	MergedAt time.Time
}

// Commit is one commit, as a changelog or a conflict message shows it.
type Commit struct {
	SHA     string
	Message string // first line
	Author  string // login, or the author's name when no login is known
	Date    time.Time
	URL     string
}

// Changelog is the commits between two versions.
type Changelog struct {
	Commits []Commit // newest first, at most the limit asked for
	Total   int      // all commits between the two versions
}
