package serve

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/deploybot/deploybot/bot"
	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/integrations/metrics"
	"github.com/deploybot/deploybot/store"
)

// defaultTickEvery is how often the background loop follows open pull
// requests and rollouts when Options.TickEvery is zero.
const defaultTickEvery = 10 * time.Second

// Run runs deploybot serve until ctx is done: the store (and its local
// API), the engine's background loop, the Slack bot, the checks of GitHub
// and Argo CD, and the HTTP endpoints. Problems found while starting (the
// store, a client, the listen address) are returned as one startup error
// listing each (fault.CodeInvalid: exit code 2), and so is a token Slack,
// GitHub or Argo CD refuses before it ever accepted it. A dependency that
// does not answer never ends Run: it retries with backoff and /readyz
// names what is missing. When ctx ends it stops taking commands, lets
// writes in flight finish and closes the store; unfinished promotions
// resume at the next start. It returns nil after a clean stop.
func Run(ctx context.Context, o Options) error {
	o = o.withDefaults()
	st := o.Store
	if st == nil {
		var err error
		if st, err = store.Open(store.Options{Path: o.Config.Store.Path, Logger: o.Logger}); err != nil {
			return startupError(lines(err))
		}
	}
	lc, err := build(o, st)
	if err != nil {
		_ = st.Close()
		return asStartupError(err)
	}
	return lc.run(ctx)
}

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.TickEvery <= 0 {
		o.TickEvery = defaultTickEvery
	}
	if o.Listen == "" {
		o.Listen = o.Config.Server.Listen
	}
	if o.Listen == "" {
		o.Listen = config.DefaultListen
	}
	if o.GitHubHTTP == nil {
		o.GitHubHTTP = &http.Client{Timeout: 30 * time.Second}
	}
	return o
}

// build makes every part serve runs around the open store st. On error
// it has released what it made, but not st.
func build(o Options, st *store.Store) (*lifecycle, error) {
	m := o.Metrics
	if m == nil {
		m = metrics.New(runningWatches(st))
	}
	repo, err := github.New(github.Options{Repository: o.Config.GitHub.Repository, BaseBranch: o.Config.GitHub.BaseBranch,
		APIURL: o.Config.GitHub.APIURL, Secrets: o.Secrets, Logger: o.Logger, Retry: o.GitHubRetry,
		HTTPClient: m.WrapClient(o.GitHubHTTP, metrics.ServiceGitHub)})
	if err != nil {
		return nil, err
	}
	ao := argocd.OptionsFrom(o.Config, o.Secrets, o.Logger)
	if o.Clock != nil {
		ao.Now = o.Clock.Now
	}
	cluster, err := argocd.New(ao)
	if err != nil {
		return nil, err
	}
	lc, err := buildRest(o, st, m, repo, cluster)
	if err != nil {
		_ = cluster.Close()
		return nil, err
	}
	return lc, nil
}

// buildRest makes the engine, the bot, the notifier between them and the
// HTTP listener.
func buildRest(o Options, st *store.Store, m *metrics.Metrics, repo *github.Client, cluster *argocd.Client) (*lifecycle, error) {
	fwd, people := &forwardNotifier{}, &forwardPeople{}
	notifier := &logNotifier{log: o.Logger.With("component", "promotions"),
		inner: &metrics.Notifier{Inner: fwd, Metrics: m}}
	engine, err := deploy.New(deploy.Options{Config: o.Config, Repo: repo, Cluster: metrics.Cluster{Inner: cluster, Metrics: m},
		Store: store.ForEngine(st), Notifier: notifier, People: people.person, Clock: o.Clock, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	b, err := bot.New(bot.Options{Config: o.Config, Engine: engine, Queue: botQueue{st},
		BotToken: o.Secrets.SlackBotToken, AppToken: o.Secrets.SlackAppToken, APIURL: slackAPIURL(o),
		HTTPClient: m.WrapClient(&http.Client{Timeout: 30 * time.Second}, metrics.ServiceSlack),
		OnAck:      m.ObserveAck, Clock: o.Clock, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	fwd.set(b)
	people.set(b)
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return nil, err
	}
	api, err := serveAPI(o, st, engine, people.groups)
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	lc := &lifecycle{
		log:          o.Logger.With("component", "serve"),
		listener:     ln,
		backups:      api, // the local API; backups are one of its endpoints
		engine:       func(ctx context.Context) error { return engine.Run(ctx, o.TickEvery) },
		bot:          b.Run,
		closeBot:     b.Close,
		closeCluster: cluster.Close,
		closeStore:   st.Close,
		connected:    b.Connected,
		onReady:      o.Ready,
		checks:       []depCheck{githubCheck(repo), argoCheck(o.Config, cluster)},
		retry:        o.DependencyRetry,
		secrets:      secretValues(o.Secrets),
	}
	lc.handler = newHTTPHandler(lc.report, m)
	return lc, nil
}

// runningWatches counts the promotions whose rollout is followed now, for
// the deploybot_watches_running gauge; -1 when the store can't say.
func runningWatches(st *store.Store) func() int {
	return func() int {
		ps, err := st.ActivePromotions()
		if err != nil {
			return -1
		}
		n := 0
		for _, p := range ps {
			switch p.State {
			case deploy.StateMerged, deploy.StateSyncing, deploy.StateWatching:
				n++
			}
		}
		return n
	}
}

// slackAPIURL is the Slack Web API base serve talks to: the option, else
// the config's slack.apiURL, else Slack's own ("").
func slackAPIURL(o Options) string {
	if o.SlackAPIURL != "" {
		return o.SlackAPIURL
	}
	return o.Config.Slack.APIURL
}
