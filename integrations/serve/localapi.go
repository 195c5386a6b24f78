package serve

import (
	"context"
	"os"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/localapi"
	"github.com/deploybot/deploybot/store"
)

// serveAPI opens the local API of serve: the Unix socket beside the store
// (store.SocketPath) and, with api.listen, a TCP listener, over engine
// and st. It returns what the lifecycle runs (until its context ends, the
// listeners then closed and the socket removed). Automation tokens are
// read here, so one that is missing or malformed is a startup error.
// groups resolves the Slack user groups of a person identified by their
// GitHub token, so promoters and approvers listed as groups count on the
// command line too; nil counts user IDs only.
func serveAPI(o Options, st *store.Store, engine *deploy.Engine,
	groups func(ctx context.Context, userID string) ([]string, error)) (func(ctx context.Context) error, error) {
	tokens, err := config.LoadAutomationTokens(o.Config, os.Getenv, os.ReadFile)
	if err != nil {
		return nil, err
	}
	verifier := localapi.NewVerifier(localapi.VerifierOptions{Config: o.Config, Tokens: tokens,
		GitHubAPI: o.Config.GitHub.APIURL, HTTPClient: o.GitHubHTTP})
	srv, err := localapi.New(localapi.Options{Config: o.Config, Engine: engine, Store: st, Verifier: verifier,
		Status: engine.Status, Groups: groups, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	unix, tcp, err := localapi.Listen(store.SocketPath(o.Config.Store.Path), o.Config.API.Listen)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error { return srv.Serve(ctx, unix, tcp) }, nil
}
