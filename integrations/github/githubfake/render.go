package githubfake

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// apiURL is the API URL of the repository-relative path p.
func (s *Server) apiURL(rp *repo, p string) string {
	u := s.srv.URL + "/repos/" + rp.fullName()
	if p != "" {
		u += "/" + p
	}
	return u
}

// htmlURL is the web URL of the repository-relative path p.
func (s *Server) htmlURL(rp *repo, p string) string {
	u := s.srv.URL + "/" + rp.fullName()
	if p != "" {
		u += "/" + p
	}
	return u
}

func nodeID(kind string, id int64) string { return fmt.Sprintf("%s_fake%d", kind, id) }

func (s *Server) renderUser(u *user) wireUser {
	api := s.srv.URL + "/users/" + url.PathEscape(u.login)
	return wireUser{Login: u.login, ID: u.id, NodeID: nodeID("U", u.id),
		AvatarURL: fmt.Sprintf("%s/avatars/u/%d", s.srv.URL, u.id), URL: api,
		HTMLURL: s.srv.URL + "/" + url.PathEscape(u.login), Type: u.kind,
		ReposURL: api + "/repos", OrganizationsURL: api + "/orgs", ReceivedEventsURL: api + "/received_events",
		EventsURL: api + "/events{/privacy}", FollowersURL: api + "/followers",
		FollowingURL: api + "/following{/other_user}", GistsURL: api + "/gists{/gist_id}",
		StarredURL: api + "/starred{/owner}{/repo}", SubscriptionsURL: api + "/subscriptions"}
}

// renderAccount renders u as GET /users/{user} does; private adds the
// fields of the authenticated user's own GET /user.
func (s *Server) renderAccount(u *user, private bool) wireAccount {
	created := ts(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	w := wireAccount{wireUser: s.renderUser(u), UserViewType: "public", CreatedAt: created, UpdatedAt: created}
	if private {
		name := u.login
		w.UserViewType, w.AccountName, w.wirePrivate = "private", &name, &wirePrivate{}
	}
	return w
}

func (s *Server) userPtr(u *user) *wireUser {
	if u == nil {
		return nil
	}
	w := s.renderUser(u)
	return &w
}

func (s *Server) renderRepo(rp *repo, c *caller) wireRepo {
	w := wireRepo{ID: rp.id, NodeID: nodeID("R", rp.id), Name: rp.name, FullName: rp.fullName(),
		Private: true, Owner: s.renderUser(s.userFor(rp.owner)), HTMLURL: s.htmlURL(rp, ""),
		URL: s.apiURL(rp, ""), GitURL: "file://" + rp.dir, CloneURL: "file://" + rp.dir,
		DefaultBranch: rp.defaultBranch, Visibility: "private",
		CreatedAt: ts(rp.createdAt), UpdatedAt: ts(rp.pushedAt), PushedAt: ts(rp.pushedAt),
		AllowMergeCommit: true, AllowSquashMerge: true, AllowRebaseMerge: true,
		SSHURL: "git@" + strings.TrimPrefix(s.srv.URL, "http://") + ":" + rp.fullName() + ".git",
		SVNURL: s.htmlURL(rp, ""), HasIssues: true, HasDownloads: true, Topics: []string{},
		OpenIssuesCount: rp.openPulls(), OpenIssues: rp.openPulls(), wireRepoURLs: repoURLs(s.apiURL(rp, ""))}
	if c != nil {
		push := !c.readOnly
		w.Permissions = &wirePermissions{Push: push, Triage: push, Maintain: push, Pull: true}
	}
	return w
}

func signature(s object.Signature) wireSignature {
	return wireSignature{Name: s.Name, Email: s.Email, Date: ts(s.When)}
}

// repoURLs are the URL templates of the repository at api.
func repoURLs(api string) wireRepoURLs {
	return wireRepoURLs{ArchiveURL: api + "/{archive_format}{/ref}", AssigneesURL: api + "/assignees{/user}",
		BlobsURL: api + "/git/blobs{/sha}", BranchesURL: api + "/branches{/branch}",
		CollaboratorsURL: api + "/collaborators{/collaborator}", CommentsURL: api + "/comments{/number}",
		CommitsURL: api + "/commits{/sha}", CompareURL: api + "/compare/{base}...{head}",
		ContentsURL: api + "/contents/{+path}", ContributorsURL: api + "/contributors",
		DeploymentsURL: api + "/deployments", DownloadsURL: api + "/downloads", EventsURL: api + "/events",
		ForksURL: api + "/forks", GitCommitsURL: api + "/git/commits{/sha}", GitRefsURL: api + "/git/refs{/sha}",
		GitTagsURL: api + "/git/tags{/sha}", HooksURL: api + "/hooks",
		IssueCommentURL: api + "/issues/comments{/number}", IssueEventsURL: api + "/issues/events{/number}",
		IssuesURL: api + "/issues{/number}", KeysURL: api + "/keys{/key_id}", LabelsURL: api + "/labels{/name}",
		LanguagesURL: api + "/languages", MergesURL: api + "/merges", MilestonesURL: api + "/milestones{/number}",
		NotificationsURL: api + "/notifications{?since,all,participating}", PullsURL: api + "/pulls{/number}",
		ReleasesURL: api + "/releases{/id}", StargazersURL: api + "/stargazers",
		StatusesURL: api + "/statuses/{sha}", SubscribersURL: api + "/subscribers",
		SubscriptionURL: api + "/subscription", TagsURL: api + "/tags", TeamsURL: api + "/teams",
		TreesURL: api + "/git/trees{/sha}"}
}

// unsigned is the verification of every commit the stand-in writes: GitHub
// sends verified_at, signature and payload as null for unsigned commits.
var unsigned = wireVerification{Reason: "unsigned"}

func (s *Server) renderGitCommit(rp *repo, c *object.Commit) wireGitCommit {
	w := wireGitCommit{SHA: c.Hash.String(), NodeID: "C_fake" + c.Hash.String()[:12],
		URL: s.apiURL(rp, "git/commits/"+c.Hash.String()), HTMLURL: s.htmlURL(rp, "commit/"+c.Hash.String()),
		Author: signature(c.Author), Committer: signature(c.Committer), Message: c.Message,
		Tree:         wireSHAURL{SHA: c.TreeHash.String(), URL: s.apiURL(rp, "git/trees/"+c.TreeHash.String())},
		Parents:      []wireSHAURL{},
		Verification: unsigned}
	for _, p := range c.ParentHashes {
		w.Parents = append(w.Parents, wireSHAURL{SHA: p.String(), URL: s.apiURL(rp, "git/commits/"+p.String()),
			HTMLURL: s.htmlURL(rp, "commit/"+p.String())})
	}
	return w
}

// renderRepoCommit renders a commit as the repos/commits API does; with
// files, it adds stats and the files changed against the first parent.
func (s *Server) renderRepoCommit(rp *repo, c *object.Commit, withFiles bool) (wireRepoCommit, error) {
	sha := c.Hash.String()
	g := s.renderGitCommit(rp, c)
	inner := wireCommitData{URL: g.URL, Author: g.Author, Committer: g.Committer, Tree: g.Tree,
		Message: g.Message, Verification: g.Verification}
	w := wireRepoCommit{SHA: sha, NodeID: "C_fake" + sha[:12], Commit: inner,
		URL: s.apiURL(rp, "commits/"+sha), HTMLURL: s.htmlURL(rp, "commit/"+sha),
		CommentsURL: s.apiURL(rp, "commits/"+sha+"/comments"),
		Author:      s.userPtr(s.userByEmail(c.Author.Email)), Committer: s.userPtr(s.userByEmail(c.Committer.Email)),
		Parents: []wireSHAURL{}}
	w.Commit.URL = s.apiURL(rp, "git/commits/"+sha)
	for _, p := range c.ParentHashes {
		w.Parents = append(w.Parents, wireSHAURL{SHA: p.String(), URL: s.apiURL(rp, "commits/"+p.String()),
			HTMLURL: s.htmlURL(rp, "commit/"+p.String())})
	}
	if !withFiles {
		return w, nil
	}
	var parent plumbing.Hash
	if len(c.ParentHashes) > 0 {
		parent = c.ParentHashes[0]
	}
	fs, stats, err := s.diffCommits(rp, parent, c.Hash)
	if err != nil {
		return w, err
	}
	w.Files, w.Stats = fs, &stats
	return w, nil
}

// diffCommits renders the files changed from commit a (zero: empty tree) to
// commit b, with totals.
func (s *Server) diffCommits(rp *repo, a, b plumbing.Hash) ([]wireFile, wireStats, error) {
	var st wireStats
	af, err := rp.commitFilesOrNone(a)
	if err != nil {
		return nil, st, err
	}
	bf, err := rp.commitFiles(b)
	if err != nil {
		return nil, st, err
	}
	out := []wireFile{}
	for _, ch := range changes(af, bf) {
		f, err := s.renderFile(rp, b, ch)
		if err != nil {
			return nil, st, err
		}
		st.Additions += f.Additions
		st.Deletions += f.Deletions
		out = append(out, f)
	}
	st.Total = st.Additions + st.Deletions
	return out, st, nil
}

// renderFile renders one changed file with its patch; at names the commit
// the blob/raw URLs point into.
func (s *Server) renderFile(rp *repo, at plumbing.Hash, ch fileChange) (wireFile, error) {
	var a, b []byte
	var err error
	if !ch.old.hash.IsZero() && ch.old.mode.IsFile() {
		if a, err = rp.readBlob(ch.old.hash); err != nil {
			return wireFile{}, err
		}
	}
	if !ch.new.hash.IsZero() && ch.new.mode.IsFile() {
		if b, err = rp.readBlob(ch.new.hash); err != nil {
			return wireFile{}, err
		}
	}
	p, add, del := patch(a, b)
	sha := ch.new.hash
	if ch.status == "removed" {
		sha = ch.old.hash
	}
	esc := escapePath(ch.path)
	return wireFile{SHA: sha.String(), Filename: ch.path, Status: ch.status, Additions: add,
		Deletions: del, Changes: add + del, Patch: p,
		BlobURL:     s.htmlURL(rp, "blob/"+at.String()+"/"+esc),
		RawURL:      s.rawURL(rp, at.String(), ch.path),
		ContentsURL: s.apiURL(rp, "contents/"+esc+"?ref="+at.String())}, nil
}

func (s *Server) rawURL(rp *repo, ref, p string) string {
	return s.srv.URL + "/_raw/" + rp.fullName() + "/" + ref + "/" + escapePath(p)
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func (s *Server) renderLabel(rp *repo, l *label) wireLabel {
	return wireLabel{ID: l.id, NodeID: nodeID("LA", l.id), URL: s.apiURL(rp, "labels/"+url.PathEscape(l.name)),
		Name: l.name, Color: l.color}
}
