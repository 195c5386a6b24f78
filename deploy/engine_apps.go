package deploy

import (
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
)

// watchedServices returns the services whose Argo CD apps p's rollout
// touches: its own, or for a promotion of every service each service that
// changes (Promotion.Changes), falling back to every configured service
// when none were recorded. An unknown service is CodeInvalid.
func (e *Engine) watchedServices(p Promotion) ([]config.Service, error) {
	if !strings.EqualFold(p.Service, AllServices) {
		svc, err := e.cfg.ResolveService(p.Service)
		if err != nil {
			return nil, err
		}
		return []config.Service{svc}, nil
	}
	if len(p.Changes) == 0 {
		return e.cfg.Services, nil
	}
	out := make([]config.Service, 0, len(p.Changes))
	for _, ch := range p.Changes {
		svc, err := e.cfg.ResolveService(ch.Service)
		if err != nil {
			return nil, err
		}
		out = append(out, svc)
	}
	return out, nil
}

// watchedApps returns the Argo CD apps of watchedServices in p's
// environment.
func (e *Engine) watchedApps(p Promotion) ([]string, error) {
	svcs, err := e.watchedServices(p)
	if err != nil {
		return nil, err
	}
	apps := make([]string, len(svcs))
	for i, svc := range svcs {
		apps[i] = appName(svc, p.Env)
	}
	return apps, nil
}
