package githubfake

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// AddRepo creates repository fullName ("owner/name") whose defaultBranch
// has one commit, "Initial commit", holding contents (slash-separated
// paths).
// It returns an error when the name is malformed or taken, or Git fails.
func (s *Server) AddRepo(fullName, defaultBranch string, contents map[string][]byte) error {
	s.lock()
	defer s.unlock()
	return s.addRepo(fullName, defaultBranch, func(rp *repo) (files, error) { return rp.writeFiles(contents) })
}

// AddRepoFS is AddRepo with the files of fsys (e.g. os.DirFS(dir) to import
// a directory; ".git" directories are skipped, executable bits kept).
func (s *Server) AddRepoFS(fullName, defaultBranch string, fsys fs.FS) error {
	s.lock()
	defer s.unlock()
	return s.addRepo(fullName, defaultBranch, func(rp *repo) (files, error) { return rp.importFS(fsys) })
}

func (s *Server) addRepo(fullName, defaultBranch string, content func(*repo) (files, error)) error {
	owner, name, ok := strings.Cut(fullName, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") || defaultBranch == "" {
		return fmt.Errorf("githubfake: repository %q: want owner/name and a default branch", fullName)
	}
	if _, err := s.repoFor(fullName); err == nil {
		return fmt.Errorf("githubfake: repository %s already exists", fullName)
	}
	dir := filepath.Join(s.dir, owner, name+".git")
	g, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{Bare: true,
		InitOptions: git.InitOptions{DefaultBranch: branchRef(defaultBranch)}})
	if err != nil {
		return fmt.Errorf("githubfake: init %s: %w", dir, err)
	}
	rp := &repo{id: s.id(), owner: owner, name: name, defaultBranch: defaultBranch, dir: dir, git: g,
		createdAt: s.now(), pushedAt: s.now(), labels: map[string]*label{},
		protection: map[string]Protection{}, checks: map[string][]*check{}}
	if _, known := s.users[strings.ToLower(owner)]; !known {
		s.userFor(owner).kind = "Organization"
	}
	fs, err := content(rp)
	if err != nil {
		return fmt.Errorf("githubfake: files of %s: %w", fullName, err)
	}
	sig := s.sig(owner)
	h, err := s.commitTree(rp, fs, nil, sig, sig, "Initial commit")
	if err != nil {
		return fmt.Errorf("githubfake: initial commit of %s: %w", fullName, err)
	}
	s.repos[strings.ToLower(fullName)] = rp
	return s.moveRef(rp, branchRef(defaultBranch), h, plumbing.ZeroHash)
}

// writeFiles stores contents as blobs.
func (rp *repo) writeFiles(contents map[string][]byte) (files, error) {
	out := files{}
	for p, data := range contents {
		p = strings.Trim(p, "/")
		if data == nil || p == "" {
			continue
		}
		h, err := rp.writeBlob(data)
		if err != nil {
			return nil, err
		}
		out[p] = entry{hash: h, mode: filemode.Regular}
	}
	return out, nil
}

// importFS stores every regular file of fsys.
func (rp *repo) importFS(fsys fs.FS) (files, error) {
	out := files{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h, err := rp.writeBlob(data)
		if err != nil {
			return err
		}
		mode := filemode.Regular
		if info, err := d.Info(); err == nil && info.Mode().Perm()&0o111 != 0 {
			mode = filemode.Executable
		}
		out[p] = entry{hash: h, mode: mode}
		return nil
	})
	return out, err
}

// AddMergedPR adds to repoName a pull request by author titled title whose
// single commit writes contents (nil values delete), merged at once with a
// merge commit by author, as if it happened in the past. It returns the
// pull request's number and its merge commit SHA.
func (s *Server) AddMergedPR(repoName, title, author string, contents map[string][]byte) (int, string, error) {
	var number int
	var sha string
	err := s.doInRepo(repoName, func(rp *repo) error {
		branch := fmt.Sprintf("%s/pr-%d", strings.TrimSuffix(author, "[bot]"), len(rp.pulls)+1)
		if _, err := s.pushCommit(rp, branch, author, title, contents); err != nil {
			return err
		}
		pr, e := s.openPull(rp, author, newPull{Title: &title, Head: branch, Base: rp.defaultBranch})
		if e != nil {
			return fmt.Errorf("githubfake: open pull request: %s", e.msg)
		}
		h, e := s.mergePull(rp, pr, mergeRequest{by: author, admin: true})
		if e != nil {
			return fmt.Errorf("githubfake: merge pull request #%d: %s", pr.number, e.msg)
		}
		number, sha = pr.number, h.String()
		return nil
	})
	return number, sha, err
}
