package argocdfake

import "context"

// Source is the Git repository the Applications follow. The GitHub stand-in's
// repository, a real clone or MemSource can back it.
type Source interface {
	// Head returns the commit SHA that branch points at in repo
	// ("owner/name"), or an error if the repo or branch does not exist.
	Head(ctx context.Context, repo, branch string) (string, error)
	// Changed reports whether any of paths differs between the commits
	// fromSHA and toSHA of repo. Paths are passed as the AppSpec lists them;
	// whether they are files or directory prefixes is the Source's business.
	Changed(ctx context.Context, repo, fromSHA, toSHA string, paths []string) (bool, error)
}
