package main

import (
	"context"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/localapi"
	"github.com/deploybot/deploybot/store"
)

// apiOnlyConfig is enough config for a local API that serves reads and
// backups.
const apiOnlyConfig = `
slack: {channel: C0123456789}
github: {repository: acme/gitops}
argocd: {server: "argocd:443"}
store: {path: deploybot.db}
environments:
  - name: staging
services:
  api:
    files:
      - {path: "envs/{env}/api.yaml", key: image.tag}
`

// refusingEngine is an engine that refuses every change.
type refusingEngine struct{}

func (refusingEngine) refuse() error {
	return fault.Errorf(fault.CodeUnavailable, "this test serve takes no changes")
}

func (r refusingEngine) Request(context.Context, deploy.Request) (deploy.Promotion, error) {
	return deploy.Promotion{}, r.refuse()
}

func (r refusingEngine) Approve(context.Context, string, deploy.Person) (deploy.Promotion, error) {
	return deploy.Promotion{}, r.refuse()
}

func (r refusingEngine) Cancel(context.Context, string, deploy.Person) (deploy.Promotion, error) {
	return deploy.Promotion{}, r.refuse()
}

func (r refusingEngine) Rollback(context.Context, deploy.RollbackRequest) (deploy.Promotion, error) {
	return deploy.Promotion{}, r.refuse()
}

// serveLocalAPI serves serve's local API over the open store s on its
// socket until ctx ends, as a running serve does (with an engine that
// refuses changes).
func serveLocalAPI(ctx context.Context, s *store.Store) error {
	cfg, err := config.Parse("deploybot.yaml", []byte(apiOnlyConfig))
	if err != nil {
		return err
	}
	srv, err := localapi.New(localapi.Options{Config: cfg, Engine: refusingEngine{}, Store: s,
		Verifier: localapi.NewVerifier(localapi.VerifierOptions{Config: cfg})})
	if err != nil {
		return err
	}
	unix, _, err := localapi.Listen(store.SocketPath(s.Path()), "")
	if err != nil {
		return err
	}
	return srv.Serve(ctx, unix, nil)
}
