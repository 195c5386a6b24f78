package serve

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/argocd"
	"github.com/deploybot/deploybot/integrations/github"
)

// Defaults of DependencyRetry.
const (
	defaultDepRetryMin = time.Second
	defaultDepRetryMax = time.Minute
	defaultDepEvery    = time.Minute
	defaultDepTimeout  = 30 * time.Second
)

// DependencyRetry paces the checks of GitHub and Argo CD and the restarts
// of the Slack bot: after a failure the next try comes Min later, doubling
// up to Max; while a dependency answers it is checked again every Every.
// Zero fields take the defaults (1s doubling to 1m, every minute, 30s per
// check).
type DependencyRetry struct {
	Min, Max time.Duration
	Every    time.Duration
	Timeout  time.Duration // bounds one check
}

func (r DependencyRetry) withDefaults() DependencyRetry {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&r.Min, defaultDepRetryMin)
	def(&r.Max, defaultDepRetryMax)
	def(&r.Every, defaultDepEvery)
	def(&r.Timeout, defaultDepTimeout)
	r.Max = max(r.Max, r.Min)
	return r
}

// next returns the delay after delay: doubled, at most Max.
func (r DependencyRetry) next(delay time.Duration) time.Duration { return min(2*delay, r.Max) }

// depCheck is a cheap authenticated call that shows a dependency answers
// and accepts deploybot's credential.
type depCheck struct {
	name  string // depGitHub, depArgoCD
	title string // "GitHub", for messages
	env   string // the credential's environment variable
	check func(ctx context.Context) error
}

// githubCheck reads the tip of the base branch (GET commits/{branch}):
// it needs the token and read access to the GitOps repository.
func githubCheck(repo *github.Client) depCheck {
	return depCheck{name: depGitHub, title: "GitHub", env: config.EnvGitHubToken + " or the GitHub App",
		check: func(ctx context.Context) error { _, err := repo.Head(ctx); return err }}
}

// argoCheck reads the first service's Application in the first
// environment. A missing app, or one the token may not see, still shows
// that Argo CD answered and accepted the token (it authenticates before
// it looks), so only an unanswered call or a refused token fail it.
func argoCheck(cfg *config.Config, cluster *argocd.Client) depCheck {
	svc, env := cfg.Services[0], cfg.Environments[0].Name
	app := config.ExpandTemplate(svc.ArgoCDApp, map[string]string{"service": svc.Name, "env": env})
	return depCheck{name: depArgoCD, title: "Argo CD", env: config.EnvArgoCDAuthToken,
		check: func(ctx context.Context) error {
			_, err := cluster.Observe(ctx, app)
			if fault.ErrorCode(err) == fault.CodeNotFound {
				return nil
			}
			return err
		}}
}

// watchDeps runs a watchDep for each check until ctx ends; the returned
// channel receives nil once they all stopped. A credential refused before
// it was ever accepted goes to fatal.
func (lc *lifecycle) watchDeps(ctx context.Context, fatal chan<- error) <-chan error {
	var wg sync.WaitGroup
	for _, c := range lc.checks {
		wg.Add(1)
		go func() { defer wg.Done(); lc.watchDep(ctx, c, fatal) }()
	}
	return start(func() error { wg.Wait(); return nil })
}

// watchDep checks c at once, then again after a growing delay while it
// fails and every lc.retry.Every while it answers, recording each result
// for /readyz and logging each failure. It returns when ctx ends, or after
// sending to fatal when c refuses deploybot's credential before ever
// accepting it: a credential refused at start is read once from the
// environment, so waiting cannot fix it.
func (lc *lifecycle) watchDep(ctx context.Context, c depCheck, fatal chan<- error) {
	r := lc.retry.withDefaults()
	delay := r.Min
	for attempt := 1; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, r.Timeout)
		err := c.check(cctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		wait := r.Every
		switch {
		case err == nil:
			if lc.deps.ok(c.name, time.Now()) {
				lc.log.Info("dependency available again", "dependency", c.name, "attempts", attempt-1)
			}
			attempt, delay = 0, r.Min
		case fault.ErrorCode(err) == fault.CodeUnauthorised && !lc.deps.everUp(c.name):
			fatal <- startupError([]string{fmt.Sprintf("%s refused deploybot's credentials (%s): %s", c.title, c.env, lc.reason(err))})
			return
		default:
			lc.depFailed(c, attempt, err, delay)
			wait, delay = delay, r.next(delay)
		}
		if sleepCtx(ctx, wait) != nil {
			return
		}
	}
}

// depFailed records and logs one failed check of c; retryIn is when the
// next one comes.
func (lc *lifecycle) depFailed(c depCheck, attempt int, err error, retryIn time.Duration) {
	reason := lc.reason(err)
	if fault.ErrorCode(err) == fault.CodeUnauthorised {
		lc.deps.fail(c.name, time.Now(), "credentials refused: "+reason, c.env)
		lc.log.Error("dependency refused deploybot's credentials; retrying", "dependency", c.name,
			"credential", c.env, "attempt", attempt, "reason", reason, "retry_in", retryIn)
		return
	}
	lc.deps.fail(c.name, time.Now(), reason, "")
	lc.log.Warn("dependency not available; retrying", "dependency", c.name, "attempt", attempt,
		"reason", reason, "retry_in", retryIn)
}

// reason is what /readyz and the logs say about err: the domain message
// when there is one, else the error, with every credential serve holds and
// every URL query (Socket Mode tickets) taken out.
func (lc *lifecycle) reason(err error) string {
	msg := err.Error()
	if code := fault.ErrorCode(err); code != fault.CodeInternal {
		msg = fault.UserMessage(err)
	}
	return scrub(msg, lc.secrets)
}

// urlQueryRE matches the query of a URL in an error message.
var urlQueryRE = regexp.MustCompile(`(\b[a-z][a-z0-9+.-]*://[^\s"?]*)\?[^\s"]*`)

// scrub removes each of secrets and every URL query from s.
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return urlQueryRE.ReplaceAllString(s, "$1?[redacted]")
}

// secretValues lists the credentials in s, for scrub.
func secretValues(s config.Secrets) []string {
	return []string{s.SlackAppToken.Reveal(), s.SlackBotToken.Reveal(), s.GitHubToken.Reveal(),
		s.ArgoCDAuthToken.Reveal(), s.GitHubAppPrivateKey.Reveal()}
}

// sleepCtx waits d, or returns ctx's error when it ends first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
