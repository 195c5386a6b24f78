package standins

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

// The names the seed uses.
const (
	GitOpsRepo = "acme/gitops"     // the GitOps config repository
	AppRepo    = "acme/api"        // api's application repository
	Channel    = "C0DEPLOYS"       // #deploys, where announcements go
	Maria      = "U0MARIA"         // a developer who promotes
	Sam        = "U0SAM"           // a platform lead who approves
	Noor       = "U0NOORDEV"       // a platform lead who wrote api's v9.1.1 change (GitHub: noor)
	LeadsGroup = "S0PLATFORMLEADS" // @platform-leads: sam
	BotLogin   = "deploybot[bot]"  // the GitHub login of the bot's token
	argoUser   = "deploybot"       // the Argo CD token's subject
	ghToken    = "ghp_TestdriveToken0123456789abcdefABCDEF"
	argoToken  = "eyJhbGciOiJIUzI1NiJ9.testdrive.sig"
	slackBot   = "xoxb-testdrive-bot-token"
	slackApp   = "xapp-testdrive-app-token"
)

// DefaultTiming is the compressed Argo CD controller: a sync runs 1s, its
// result is reported 200ms later and a rollout turns healthy 2s after.
var DefaultTiming = argocdfake.Timing{Sync: time.Second, Refresh: 200 * time.Millisecond,
	Progress: 2 * time.Second, Reconcile: 10 * time.Second}

// Options configure Start. Only Dir is required.
type Options struct {
	// Dir holds the Git repositories, deploybot.yaml and the store path.
	Dir string
	// Clock stamps everything; nil is the wall clock. The seed is stamped
	// HealthyFor before it.
	Clock argocdfake.Clock
	// Logger receives the stand-ins' logs; nil discards them.
	Logger *slog.Logger
	// Timing is the Argo CD controller's; zero is DefaultTiming.
	Timing argocdfake.Timing
	// TickEvery is how often Argo CD reconciles on the wall clock
	// (default 100ms); negative leaves ticking to the caller (Tick,
	// Advance).
	TickEvery time.Duration
	// HealthyFor is how long ago the seeded deployments went healthy
	// (default 2h, beyond production's 10m soak).
	HealthyFor time.Duration
	// Watch is production's watch window in deploybot.yaml (default 20s,
	// the testdrive's compressed 30m).
	Watch time.Duration
	// Freeze adds absolute freeze windows to production.
	Freeze []Freeze
	// People maps Slack user IDs to GitHub logins; when set, production
	// also refuses approvals by the author of the original PR
	// (approverNotAuthor).
	People map[string]string
	// Services adds that many extra services besides api and web (for
	// load measurements): s001, s002, … each deployed like web, with
	// apps/<name>/overlays/<env>/kustomization.yaml at tag 2.0 in staging
	// and 1.0 in production, and Applications <name>-staging (automated)
	// and <name>-production (manual). Zero (the default) adds none.
	Services int
	// GitHubCheck is passed to the GitHub stand-in as Options.Check; tests
	// set it to openapicheck.Check and report StandIns.GitHub's violations
	// at cleanup. Nil checks nothing (the testdrive).
	GitHubCheck func(*http.Request, *http.Response) error
}

// ServiceName is the name of extra service i (1-based) of
// Options.Services.
func ServiceName(i int) string { return fmt.Sprintf("s%03d", i) }

// Freeze is an absolute freeze window of production.
type Freeze struct {
	Start, End time.Time
	Reason     string
}

// StandIns are the running stand-ins and what serve needs to reach them.
type StandIns struct {
	GitHub *githubfake.Server
	Argo   *argocdfake.Server
	Slack  *slackfake.Server
	// ConfigPath is the deploybot.yaml written into Dir; Config is it,
	// parsed.
	ConfigPath string
	Config     *config.Config
	// StorePath is the bbolt file the config names (not created here).
	StorePath string
	// Secrets are the tokens the stand-ins accept, for serve.
	Secrets config.Secrets
	// Clock is the clock the stand-ins stamp with.
	Clock argocdfake.Clock

	stop  context.CancelFunc
	done  chan struct{}
	close sync.Once
}

// Start starts and seeds the stand-ins. They run until Close (or ctx is
// done, for the Argo CD ticker). It returns an error when Dir is empty,
// a server cannot start or the seed cannot be written; nothing is left
// running then.
func Start(ctx context.Context, opts Options) (*StandIns, error) {
	if opts.Dir == "" {
		return nil, errors.New("standins: Options.Dir is required")
	}
	opts = withDefaults(opts)
	clock := &shiftClock{base: opts.Clock}
	clock.set(-opts.HealthyFor)
	s := &StandIns{Clock: clock, StorePath: filepath.Join(opts.Dir, "deploybot.db"), done: make(chan struct{})}
	if err := s.start(ctx, opts, clock); err != nil {
		s.Close()
		return nil, err
	}
	clock.set(0)
	cfgPath, cfg, err := writeConfig(opts, s)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.ConfigPath, s.Config = cfgPath, cfg
	s.run(ctx, opts.TickEvery)
	return s, nil
}

func withDefaults(o Options) Options {
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Timing == (argocdfake.Timing{}) {
		o.Timing = DefaultTiming
	}
	if o.TickEvery == 0 {
		o.TickEvery = 100 * time.Millisecond
	}
	if o.HealthyFor <= 0 {
		o.HealthyFor = 2 * time.Hour
	}
	if o.Watch <= 0 {
		o.Watch = 20 * time.Second
	}
	return o
}

// start starts the three servers and seeds them.
func (s *StandIns) start(ctx context.Context, opts Options, clock *shiftClock) error {
	gh, err := githubfake.New(githubfake.Options{Dir: filepath.Join(opts.Dir, "github"), Token: ghToken,
		Login: BotLogin, Clock: clock.Now, Logger: opts.Logger.With("component", "githubfake"),
		Check: opts.GitHubCheck})
	if err != nil {
		return err
	}
	s.GitHub = gh
	if err := seedGitHub(gh, opts.Services); err != nil {
		return err
	}
	s.Argo, err = argocdfake.New(argocdfake.Options{Source: ghSource{gh}, Clock: clock, Timing: opts.Timing,
		Tokens: map[string]argocdfake.Permissions{argoToken: argocdfake.AllowAll(argoUser)},
		Logger: opts.Logger.With("component", "argocdfake")})
	if err != nil {
		return err
	}
	if err := seedArgo(ctx, s.Argo, opts.Services); err != nil {
		return err
	}
	s.Slack = slackfake.New(slackfake.Options{BotToken: slackBot, AppToken: slackApp, Clock: clock.Now,
		Logger: opts.Logger.With("component", "slackfake")})
	seedSlack(s.Slack)
	s.Secrets = config.Secrets{SlackAppToken: config.NewSecret(slackApp), SlackBotToken: config.NewSecret(slackBot),
		GitHubToken: config.NewSecret(ghToken), ArgoCDAuthToken: config.NewSecret(argoToken)}
	return nil
}

// run ticks Argo CD on the wall clock until Close or ctx is done.
func (s *StandIns) run(ctx context.Context, every time.Duration) {
	ctx, s.stop = context.WithCancel(ctx)
	if every < 0 {
		close(s.done)
		return
	}
	go func() {
		defer close(s.done)
		_ = s.Argo.Run(ctx, every)
	}()
}

// Close stops the stand-ins. It is safe to call more than once.
func (s *StandIns) Close() {
	s.close.Do(s.closeOnce)
}

func (s *StandIns) closeOnce() {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	if s.Slack != nil {
		s.Slack.Close()
	}
	if s.Argo != nil {
		_ = s.Argo.Close()
	}
	if s.GitHub != nil {
		s.GitHub.Close()
	}
}
