package github

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Label is the label every pull request deploybot opens carries, besides
// the environment's labels.
const Label = "promotion"

// Options configure a Client.
type Options struct {
	Repository string // owner/name of the GitOps config repo
	BaseBranch string // branch promotions go into; default "main"
	// APIURL is the REST API base URL of GitHub Enterprise Server, like
	// https://github.example.com/api/v3/; empty for github.com.
	APIURL string
	// Secrets holds GitHubToken, or the GitHub App's ID, installation ID
	// and private key.
	Secrets config.Secrets
	// HTTPClient supplies the base transport and timeout (for tests);
	// default http.DefaultTransport with a 30 s timeout.
	HTTPClient *http.Client
	Logger     *slog.Logger // default discards
	Retry      RetryPolicy
	// MergeMethod is how Merge merges: "merge" (default), "squash" or
	// "rebase". Rollbacks restore files from the merge's first parent, which
	// all three keep right for a single-commit promotion.
	MergeMethod string
}

// Client is the GitOps config repository on GitHub. It is safe for
// concurrent use.
type Client struct {
	gh          *gh.Client
	ghCleanup   *gh.Client // for undo only; see newGitHubClient
	owner, name string
	base        string
	mergeMethod string
	webURL      string
	app         bool
	log         *slog.Logger
	retry       RetryPolicy
	cache       *cache
}

var _ deploy.Repo = (*Client)(nil)

// New returns a Client for opts.Repository. It makes no request. It
// returns a *deploy.Error with CodeInvalid when the repository name, the
// API URL or the merge method is malformed, or when the secrets hold
// neither a token nor a complete GitHub App (or the App's private key is
// not a PEM RSA key).
func New(opts Options) (*Client, error) {
	owner, name, ok := strings.Cut(opts.Repository, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return nil, fault.Errorf(fault.CodeInvalid, "github.repository %q must be owner/name, like acme/gitops", opts.Repository)
	}
	method := cmp.Or(opts.MergeMethod, "merge")
	if method != "merge" && method != "squash" && method != "rebase" {
		return nil, fault.Errorf(fault.CodeInvalid, "merge method %q: use merge, squash or rebase", method)
	}
	c := &Client{owner: owner, name: name, base: cmp.Or(opts.BaseBranch, "main"), mergeMethod: method,
		app: opts.Secrets.UsesGitHubApp(), retry: opts.Retry.withDefaults(), cache: newCache()}
	c.log = opts.Logger
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c.log = c.log.With("component", "github", "repo", opts.Repository)
	client, cleanup, err := c.newGitHubClient(opts)
	if err != nil {
		return nil, err
	}
	c.gh, c.ghCleanup = client, cleanup
	c.webURL = webURL(client.BaseURL, opts.APIURL != "") + "/" + opts.Repository
	return c, nil
}

// Repository returns the config repo's owner/name.
func (c *Client) Repository() string { return c.owner + "/" + c.name }

// RepoURL returns the config repo's web page, like
// https://github.com/acme/gitops.
func (c *Client) RepoURL() string { return c.webURL }

// BaseBranch returns the branch promotions go into.
func (c *Client) BaseBranch() string { return c.base }

// webURL derives the web site from the API base URL: github.com for the
// public API, the same host for GitHub Enterprise Server.
func webURL(api *url.URL, enterprise bool) string {
	if !enterprise || api == nil {
		return "https://github.com"
	}
	return api.Scheme + "://" + api.Host
}

// repoOf splits "owner/name", defaulting to the config repo for "".
func (c *Client) repoOf(repo string) (owner, name string, err error) {
	if repo == "" {
		return c.owner, c.name, nil
	}
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fault.Errorf(fault.CodeInvalid, "repository %q must be owner/name, like acme/api", repo)
	}
	return owner, name, nil
}

// cleanupContext returns a context for undoing a half-made change: it
// outlives the caller's cancellation but not by more than a minute.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
}
