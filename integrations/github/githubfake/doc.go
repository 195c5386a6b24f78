// Package githubfake is an in-process stand-in for the GitHub REST API, for
// tests and the testdrive.
//
// A [Server] is an httptest server that speaks the subset of GitHub's REST API
// deploybot uses (repositories, the Git data API, contents, commits, compare,
// pull requests, reviews, labels, check runs, the authenticated user and
// GitHub App installation tokens), with GitHub's JSON shapes, status codes
// and error messages, so the real github.com/google/go-github client works
// against it unchanged. It serves both the github.com layout (paths at the
// root) and the GitHub Enterprise layout (paths under /api/v3/).
//
// Every repository is a real bare Git repository on disk, written with
// go-git: blobs, trees, commits, refs, merge and squash commits are real Git
// objects with real SHAs, and can be inspected with any Git tool through
// [Server.GitDir]. Pull requests, reviews, labels, checks and branch
// protection are held in memory.
//
// Tests pass openapicheck.Check as [Options.Check]: every request and
// answer is then validated against GitHub's official REST description
// (testdata/github-openapi), and [Server.ReportViolations] fails the test
// for each departure.
//
// Tests play people through Go methods ([Server.MergePR], [Server.Approve],
// [Server.PushCommit], ...), inject failures with [Server.Inject], and count
// API calls with [Server.Requests].
package githubfake
