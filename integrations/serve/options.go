package serve

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/integrations/metrics"
	"github.com/deploybot/deploybot/store"
)

// Options is everything Run needs beyond the config file, so the
// testdrive and the end-to-end tests can point the real wiring at the
// stand-ins. LoadOptions fills it for deploybot serve; only Config and
// Secrets are required.
type Options struct {
	Config      *config.Config
	Secrets     config.Secrets
	Logger      *slog.Logger
	Clock       deploy.Clock  // nil: the wall clock
	SlackAPIURL string        // Web API base ending in "/api/"; "" is Slack's
	GitHubHTTP  *http.Client  // base HTTP client for GitHub; nil: the default
	TickEvery   time.Duration // background loop interval; 0: the default
	Listen      string        // HTTP listener for /healthz, /readyz, /metrics; "" takes the config's
	// Ready, if set, is called once everything is up, with the HTTP
	// listener's address.
	Ready func(httpAddr string)
	// Store, if set, is the already open store (deploybot serve opens it
	// while it checks everything else); serve closes it. Nil: serve opens
	// Config.Store.Path.
	Store *store.Store
	// Metrics, if set, receives the metrics; nil: serve makes its own.
	Metrics *metrics.Metrics
	// DependencyRetry paces the checks of Slack, GitHub and Argo CD; zero
	// fields take the defaults (retry after 1s doubling to 1m, re-check
	// every minute).
	DependencyRetry DependencyRetry
	// GitHubRetry is the GitHub client's retry policy; zero: its defaults.
	GitHubRetry github.RetryPolicy
}
