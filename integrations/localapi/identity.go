package localapi

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Environment variables the CLI reads its credential from.
const (
	// EnvToken holds an automation token or a person's GitHub token.
	EnvToken = "DEPLOYBOT_TOKEN"
	// EnvGitHubToken is read when EnvToken is not set, as a person's
	// GitHub token.
	EnvGitHubToken = "GITHUB_TOKEN"
)

// DefaultGitHubAPI is the GitHub API base for github.com.
const DefaultGitHubAPI = "https://api.github.com/"

// verifiedFor is how long a verified GitHub token is trusted before
// GitHub is asked again.
const verifiedFor = time.Minute

// Identity is who a token proves: a person (a Slack user ID mapped
// through people: from their GitHub login) or an automation.
type Identity struct {
	Person     deploy.Person
	Login      string // a person's GitHub login
	Automation string // an automation's name
}

// VerifierOptions configure NewVerifier.
type VerifierOptions struct {
	Config *config.Config
	// Tokens are the automations' tokens (deploy.LoadAutomationTokens).
	Tokens config.AutomationTokens
	// GitHubAPI is the API base a person's token is checked against
	// (GET user); empty is the config's github.apiURL, else github.com.
	GitHubAPI string
	// HTTPClient calls GitHub; nil is a client with a 15s timeout.
	HTTPClient *http.Client
	// Now is the clock of the cache; nil is time.Now.
	Now func() time.Time
}

// Verifier proves identities from bearer tokens. It caches verified
// GitHub tokens briefly, keyed by their SHA-256, never by the token.
type Verifier struct {
	cfg    *config.Config
	tokens config.AutomationTokens
	api    string
	http   *http.Client
	now    func() time.Time

	mu    sync.Mutex
	cache map[[32]byte]cachedLogin
}

type cachedLogin struct {
	login string
	until time.Time
}

// NewVerifier returns a Verifier for o.
func NewVerifier(o VerifierOptions) *Verifier {
	api := o.GitHubAPI
	if api == "" && o.Config != nil {
		api = o.Config.GitHub.APIURL
	}
	if api == "" {
		api = DefaultGitHubAPI
	}
	if !strings.HasSuffix(api, "/") {
		api += "/"
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Verifier{cfg: o.Config, tokens: o.Tokens, api: api, http: o.HTTPClient, now: o.Now,
		cache: map[[32]byte]cachedLogin{}}
}

// Verify returns whom token proves. An automation token from the config
// is an automation; any other token is asked of GitHub (GET user) and
// its login mapped to a Slack user through people:. It returns
// CodeUnauthorised for no token, a token GitHub refuses or that is not a
// person's, and a login people: does not map; CodeUnavailable or
// CodeRateLimited when GitHub cannot answer. No message holds the token.
func (v *Verifier) Verify(ctx context.Context, token string) (Identity, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return Identity{}, fault.Errorf(fault.CodeUnauthorised,
			"no credential: set %s to your automation token or your GitHub token (or %s to your GitHub token)", EnvToken, EnvGitHubToken)
	}
	if name, ok := v.tokens.Match(token); ok {
		a, _ := v.cfg.FindAutomation(name)
		return Identity{Person: deploy.AutomationPerson(a), Automation: name}, nil
	}
	login, err := v.login(ctx, token)
	if err != nil {
		return Identity{}, err
	}
	id, ok := v.slackID(login)
	if !ok {
		return Identity{}, fault.Errorf(fault.CodeUnauthorised,
			"GitHub user %s is not in people: in the config, so deploybot does not know who they are in Slack; add their Slack user ID there, like U0123ABCD: %s", login, login)
	}
	return Identity{Person: deploy.Person{ID: id, GitHubLogin: login}, Login: login}, nil
}

// slackID maps a GitHub login to its Slack user ID through people:,
// ignoring case as GitHub does.
func (v *Verifier) slackID(login string) (string, bool) {
	for id, l := range v.cfg.People {
		if strings.EqualFold(l, login) {
			return id, true
		}
	}
	return "", false
}

// login returns the GitHub login of token, from the cache or GitHub.
func (v *Verifier) login(ctx context.Context, token string) (string, error) {
	key := sha256.Sum256([]byte(token))
	now := v.now()
	v.mu.Lock()
	c, ok := v.cache[key]
	v.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.login, nil
	}
	login, err := v.askGitHub(ctx, token)
	if err != nil {
		return "", err
	}
	v.mu.Lock()
	for k, c := range v.cache { // keep the cache small: drop what expired
		if !now.Before(c.until) {
			delete(v.cache, k)
		}
	}
	v.cache[key] = cachedLogin{login: login, until: now.Add(verifiedFor)}
	v.mu.Unlock()
	return login, nil
}

// askGitHub calls GET user with token and returns the login.
func (v *Verifier) askGitHub(ctx context.Context, token string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.api+"user", nil)
	if err != nil {
		return "", fault.Errorf(fault.CodeInternal, "GitHub API URL %s: %w", v.api, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/vnd.github+json")
	resp, err := v.http.Do(req)
	if err != nil {
		return "", fault.Errorf(fault.CodeUnavailable, "cannot ask GitHub (%s) who the token belongs to: %w", v.api, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode == http.StatusOK {
		var u struct {
			Login string `json:"login"`
			Type  string `json:"type"`
		}
		if err := json.Unmarshal(body, &u); err != nil || u.Login == "" {
			return "", fault.Errorf(fault.CodeUnavailable, "GitHub (%s) answered GET user without a login", v.api)
		}
		if strings.EqualFold(u.Type, "Bot") {
			return "", fault.Errorf(fault.CodeUnauthorised, "the token belongs to %s, a bot, not a person: use your own GitHub token, or an automation token", u.Login)
		}
		return u.Login, nil
	}
	return "", githubRefusal(resp, body)
}

// githubRefusal turns GitHub's answer to GET user into an error.
func githubRefusal(resp *http.Response, body []byte) error {
	var msg struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &msg)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests ||
		(resp.StatusCode == http.StatusForbidden && resp.Header.Get("X-RateLimit-Remaining") == "0"):
		return fault.Errorf(fault.CodeRateLimited, "GitHub is rate limiting the check of the token; try again later")
	case resp.StatusCode == http.StatusUnauthorized:
		return fault.Errorf(fault.CodeUnauthorised,
			"GitHub does not accept the token (%s): it is neither an automation token of the config nor a valid GitHub token; check %s", cmp.Or(msg.Message, resp.Status), EnvToken)
	case resp.StatusCode == http.StatusForbidden:
		return fault.Errorf(fault.CodeUnauthorised,
			"the token is not a person's GitHub token (GitHub: %s); use your own token, or an automation token", cmp.Or(msg.Message, resp.Status))
	case resp.StatusCode >= 500:
		return fault.Errorf(fault.CodeUnavailable, "GitHub answered %s to the check of the token; try again later", resp.Status)
	}
	return fault.Errorf(fault.CodeInternal, "GitHub answered %s to GET user: %s", resp.Status, msg.Message)
}
