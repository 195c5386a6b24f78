package github

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	gh "github.com/google/go-github/v60/github"
	ghinstall "github.com/google/go-github/v66/github" // the version ghinstallation's options use

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// defaultTimeout bounds one HTTP request when Options.HTTPClient is nil.
const defaultTimeout = 30 * time.Second

// newGitHubClient builds the go-github clients: base transport, retries
// below authentication (so token refreshes are retried too), then a token
// or the GitHub App's installation transport, and the Enterprise URLs.
// The second client, on the same transport, only undoes half-made
// promotions: go-github pauses a client by itself after a rate limit, and
// that pause must not leave a stray branch behind (GitHub's own answer
// still rules, through the retrying transport).
func (c *Client) newGitHubClient(opts Options) (main, cleanup *gh.Client, err error) {
	base, timeout := http.DefaultTransport, defaultTimeout
	if opts.HTTPClient != nil {
		timeout = opts.HTTPClient.Timeout
		if opts.HTTPClient.Transport != nil {
			base = opts.HTTPClient.Transport
		}
	}
	apiURL, err := apiBaseURL(opts.APIURL)
	if err != nil {
		return nil, nil, err
	}
	tr, setBaseURL, err := authTransport(&retryTransport{next: base, policy: c.retry, log: c.log}, opts.Secrets)
	if err != nil {
		return nil, nil, err
	}
	hc := &http.Client{Transport: tr, Timeout: timeout}
	if main, err = withAPIURL(gh.NewClient(hc), apiURL); err != nil {
		return nil, nil, err
	}
	if cleanup, err = withAPIURL(gh.NewClient(hc), apiURL); err != nil {
		return nil, nil, err
	}
	setBaseURL(strings.TrimSuffix(main.BaseURL.String(), "/"))
	return main, cleanup, nil
}

// authTransport adds the credentials to every request: the token, or a
// GitHub App installation token (ghinstallation signs a JWT with the
// private key, trades it for an installation token and refreshes that
// before it expires). setBaseURL tells the App transport where the API is.
func authTransport(next http.RoundTripper, s config.Secrets) (tr http.RoundTripper, setBaseURL func(string), err error) {
	switch {
	case s.UsesGitHubApp():
		if s.GitHubAppInstallationID == 0 || s.GitHubAppPrivateKey.IsZero() {
			return nil, nil, fault.Errorf(fault.CodeInvalid, "the GitHub App settings are incomplete: a GitHub App needs %s, %s and %s_FILE",
				config.EnvGitHubAppID, config.EnvGitHubAppInstallationID, config.EnvGitHubAppPrivateKey)
		}
		itr, err := ghinstallation.New(next, s.GitHubAppID, s.GitHubAppInstallationID, []byte(s.GitHubAppPrivateKey.Reveal()))
		if err != nil {
			// The parser's error names the format, never the key; leave it out anyway.
			return nil, nil, fault.Errorf(fault.CodeInvalid, "%s_FILE does not hold a PEM-encoded RSA private key: download the GitHub App's private key (.pem) from its settings page", config.EnvGitHubAppPrivateKey)
		}
		// An empty options object, not ghinstallation's default null body:
		// GitHub's REST description documents an object there.
		itr.InstallationTokenOptions = &ghinstall.InstallationTokenOptions{}
		return itr, func(u string) { itr.BaseURL = u }, nil
	case !s.GitHubToken.IsZero():
		return &tokenTransport{token: s.GitHubToken, next: next}, func(string) {}, nil
	}
	return nil, nil, fault.Errorf(fault.CodeInvalid, "no GitHub credentials: set %s, or a GitHub App with %s, %s and %s_FILE",
		config.EnvGitHubToken, config.EnvGitHubAppID, config.EnvGitHubAppInstallationID, config.EnvGitHubAppPrivateKey)
}

// tokenTransport sends the token as a bearer token.
type tokenTransport struct {
	token config.Secret
	next  http.RoundTripper
}

// RoundTrip adds the Authorization header to a copy of req.
func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.token.Reveal())
	return t.next.RoundTrip(r)
}

// apiBaseURL parses Options.APIURL; nil means github.com. A URL with a
// user name or password is refused without repeating it: the credential
// belongs in GITHUB_TOKEN. Its errors never quote a value that holds an @.
func apiBaseURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	if (err == nil && u.User != nil) || (err != nil && strings.Contains(s, "@")) {
		return nil, fault.Errorf(fault.CodeInvalid, "github.apiURL holds a user name, password or token before @ (not shown): remove it and set %s (or %s_FILE) in the environment", config.EnvGitHubToken, config.EnvGitHubToken)
	}
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fault.Errorf(fault.CodeInvalid, "github.apiURL %q must be the API base URL of GitHub Enterprise Server, like https://github.example.com/api/v3/", s)
	}
	return u, nil
}

// withAPIURL points client at GitHub Enterprise Server's API when u is set.
func withAPIURL(client *gh.Client, u *url.URL) (*gh.Client, error) {
	if u == nil {
		return client, nil
	}
	upload := *u
	upload.Path = strings.Replace(strings.TrimSuffix(u.Path, "/")+"/", "/api/v3/", "/api/uploads/", 1)
	c2, err := client.WithEnterpriseURLs(u.String(), upload.String())
	if err != nil {
		return nil, fault.Errorf(fault.CodeInvalid, "github.apiURL %q: %w", u.Redacted(), err)
	}
	return c2, nil
}
