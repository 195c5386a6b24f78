package githubfake

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
)

// repo is one repository: a bare Git repository on disk plus the metadata
// GitHub keeps beside it.
type repo struct {
	id            int64
	owner, name   string
	defaultBranch string
	dir           string
	git           *git.Repository
	createdAt     time.Time
	pushedAt      time.Time

	pulls      []*pull // pulls[n-1] is number n
	labels     map[string]*label
	protection map[string]Protection
	checks     map[string][]*check // by commit SHA
}

func (rp *repo) fullName() string { return rp.owner + "/" + rp.name }

// label is a repository label.
type label struct {
	id    int64
	name  string
	color string
}

// openPulls counts the open pull requests (GitHub's open_issues_count
// counts them with the issues, which the stand-in has none of).
func (rp *repo) openPulls() int {
	n := 0
	for _, pr := range rp.pulls {
		if pr.state == "open" {
			n++
		}
	}
	return n
}

// check is a check run on a commit.
type check struct {
	id         int64
	name       string
	conclusion string // "" while in progress
	started    time.Time
	completed  time.Time
}

// user is a GitHub account (person, bot or organization).
type user struct {
	id    int64
	login string
	kind  string // User, Bot, Organization
}

func (u *user) email() string { return u.login + "@users.noreply.github.com" }

// userFor returns the account for login, creating it on first use. Logins
// ending in "[bot]" are bots.
func (s *Server) userFor(login string) *user {
	key := strings.ToLower(login)
	if u, ok := s.users[key]; ok {
		return u
	}
	kind := "User"
	if strings.HasSuffix(login, "[bot]") {
		kind = "Bot"
	}
	u := &user{id: s.id(), login: login, kind: kind}
	s.users[key] = u
	return u
}

// userByEmail finds the account whose commit email is email, as GitHub links
// commit authors to accounts; nil when none.
func (s *Server) userByEmail(email string) *user {
	login, ok := strings.CutSuffix(strings.ToLower(email), "@users.noreply.github.com")
	if !ok {
		return nil
	}
	u := s.users[login]
	if u == nil || u.kind == "Organization" {
		return nil
	}
	return u
}

// repoFor looks a repository up by owner and name (case-insensitive).
func (s *Server) repoFor(fullName string) (*repo, error) {
	rp, ok := s.repos[strings.ToLower(fullName)]
	if !ok {
		return nil, fmt.Errorf("repository %s: %w", fullName, ErrNotFound)
	}
	return rp, nil
}

// inRepo runs f on repository repoName under the server's lock. An unknown
// repository returns the zero T and the lookup's error without running f.
func inRepo[T any](s *Server, repoName string, f func(rp *repo) (T, error)) (T, error) {
	var out T
	err := s.doInRepo(repoName, func(rp *repo) (err error) {
		out, err = f(rp)
		return err
	})
	return out, err
}

// doInRepo runs f on repository repoName under the server's lock and
// returns its error; an unknown repository returns the lookup's error
// without running f.
func (s *Server) doInRepo(repoName string, f func(rp *repo) error) error {
	s.lock()
	defer s.unlock()
	rp, err := s.repoFor(repoName)
	if err != nil {
		return err
	}
	return f(rp)
}

// repoHandler is an API handler for /repos/{owner}/{repo}/....
type repoHandler func(w http.ResponseWriter, r *http.Request, rp *repo)

// withRepo resolves {owner}/{repo}, answering 404 for a repository that does
// not exist or that the token cannot see, and 403 for a write with a
// read-only token.
func (s *Server) withRepo(h repoHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		rp, err := s.repoFor(r.PathValue("owner") + "/" + r.PathValue("repo"))
		if err != nil || !c.canSee(rp.fullName()) {
			s.writeAPIError(w, errNotFoundAPI())
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && c.readOnly {
			s.writeAPIError(w, errForbidden())
			return
		}
		h(w, r, rp)
	}
}
