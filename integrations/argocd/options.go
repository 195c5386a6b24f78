package argocd

import (
	"context"
	"log/slog"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Defaults for the zero fields of Options.
const (
	DefaultBackoffMin = time.Second
	DefaultBackoffMax = 30 * time.Second
	DefaultTimeout    = 30 * time.Second
)

// Options configure a Client.
type Options struct {
	Server          string // host:port of the Argo CD API server; required
	Plaintext       bool   // no TLS at all
	Insecure        bool   // TLS without certificate verification
	GRPCWeb         bool   // tunnel gRPC over HTTP/1.1 (gRPC-Web)
	GRPCWebRootPath string // path prefix when Argo CD is served below a root path
	Token           config.Secret
	// Logger receives the client's logs (with component=argocd); default
	// discards them.
	Logger *slog.Logger
	// Backoff bounds the delay between Watch reconnects.
	Backoff Backoff
	// Timeout bounds each unary call (Get, ResourceTree, Sync); default
	// DefaultTimeout.
	Timeout time.Duration
	// Sleep waits d or until ctx is done (returning ctx.Err()); tests
	// inject it. Default: a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is deploybot's clock, for Rollout.ObservedAt; default time.Now.
	Now func() time.Time
}

// Backoff is a bounded exponential backoff: the first delay is about Min,
// each next one doubles, none exceeds Max. Each delay is jittered to
// between half and all of its nominal value, so many watches cut at once
// do not reconnect in step.
type Backoff struct {
	Min, Max time.Duration
}

// OptionsFrom returns Options for the argocd section of a validated config
// and the token from the environment (ARGOCD_AUTH_TOKEN). The TLS policy
// (insecure refused for protected environments unless allowInsecure) is
// enforced by config.Parse, so a *config.Config that parsed already
// satisfies it.
func OptionsFrom(cfg *config.Config, secrets config.Secrets, logger *slog.Logger) Options {
	a := cfg.ArgoCD
	return Options{
		Server:          a.Server,
		Plaintext:       a.Plaintext,
		Insecure:        a.Insecure,
		GRPCWeb:         a.GRPCWeb,
		GRPCWebRootPath: a.GRPCWebRootPath,
		Token:           secrets.ArgoCDAuthToken,
		Logger:          logger,
	}
}

// withDefaults fills the zero fields; it returns a *deploy.Error with
// CodeInvalid when a required one is missing or the backoff is inverted.
func (o Options) withDefaults() (Options, error) {
	if o.Server == "" {
		return o, fault.Errorf(fault.CodeInvalid, "argocd.server is not set: deploybot needs the Argo CD API server's host:port")
	}
	if o.Token.IsZero() {
		return o, fault.Errorf(fault.CodeInvalid, "%s is not set: deploybot needs an Argo CD token for its project role", config.EnvArgoCDAuthToken)
	}
	if o.Backoff.Min <= 0 {
		o.Backoff.Min = DefaultBackoffMin
	}
	if o.Backoff.Max <= 0 {
		o.Backoff.Max = max(DefaultBackoffMax, o.Backoff.Min)
	}
	if o.Backoff.Max < o.Backoff.Min {
		return o, fault.Errorf(fault.CodeInvalid, "argocd backoff: max %s is below min %s", o.Backoff.Max, o.Backoff.Min)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, nil
}

// sleep waits d, or until ctx is done and then returns ctx.Err().
// integrations/github has the same eight lines (its RetryPolicy.Sleep
// default); the adapters import nothing of each other and only deploy of
// ours, and deploy is no place for a timer, so each keeps its copy. The
// policies around them differ: here a watch's reconnect backoff (jitter
// in [d/2, d], reset after a useful stream), there a request's retry
// (Retry-After, +25 % jitter, capped at MaxWait).
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
