// Package github is deploybot's GitHub adapter: it implements deploy.Repo
// on the GitOps config repository with go-github v60.
//
// A promotion becomes one commit made with the Git data API (a tree whose
// entries carry the new file contents inline, a commit, a branch) and a
// pull request with labels and optional reviewers; following it uses
// conditional requests (ETag), so an unchanged pull request costs no rate
// limit; merging passes the expected head SHA. Reads of the repository are
// lazy: a Snapshot fetches only the files a plan reads, one request each.
//
// Every request goes through a retrying transport: secondary rate limits
// (403 or 429, with or without Retry-After) are waited out, and 5xx answers
// and network errors are retried with bounded exponential backoff, but
// only for requests that are safe to repeat; creating a pull request or
// merging one is never blindly repeated: after a failure the client looks
// for what the first attempt may have done. Errors come back as
// *deploy.Error with a code and a sentence a person can act on, and never
// contain a token, private key or JWT.
//
// Authentication is a token (GITHUB_TOKEN) or a GitHub App installation
// (ghinstallation); Options.APIURL points at GitHub Enterprise Server.
package github
