package argocd

import (
	"context"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/argoproj/gitops-engine/pkg/health"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// getAttempts bounds how often a Get is tried while Argo CD is
// Unavailable: with the default backoff, about three seconds in all.
const getAttempts = 3

// Observe returns the Application's current state: a Get, plus a
// ResourceTree for the unhealthy resources when the app is not Healthy.
// It returns a *deploy.Error with CodeNotFound for a missing app (or one
// the token can't see), CodeUnauthorised for a rejected token, CodeInvalid
// for a malformed name, CodeUnavailable when Argo CD is down or does not
// answer (after getAttempts tries), CodeRateLimited when it limits
// deploybot; or ctx's error. A failing ResourceTree is logged, not
// returned: the Rollout then has no Unhealthy.
func (c *Client) Observe(ctx context.Context, app string) (deploy.Rollout, error) {
	ref, err := parseApp(app)
	if err != nil {
		return deploy.Rollout{}, err
	}
	apps, err := c.conn(ctx)
	if err != nil {
		return deploy.Rollout{}, c.connFail("observe", ref, err)
	}
	a, err := c.getRetrying(ctx, apps, ref)
	if err != nil {
		return deploy.Rollout{}, err
	}
	return c.rollout(ctx, apps, ref, a), nil
}

// getRetrying is get, tried up to getAttempts times while Argo CD is
// unavailable (a restart, a dropped connection), waiting the client's
// backoff in between. (Watch has its own reconnect loop.)
func (c *Client) getRetrying(ctx context.Context, apps application.ApplicationServiceClient, ref appRef) (*v1alpha1.Application, error) {
	b := newBackoff(c.opts.Backoff)
	for attempt := 1; ; attempt++ {
		a, err := c.get(ctx, apps, ref)
		if fault.ErrorCode(err) != fault.CodeUnavailable || attempt == getAttempts {
			return a, err
		}
		d := b.delay()
		c.log.Warn("retrying Argo CD get", "app", ref.String(), "attempt", attempt, "wait", d, "err", err)
		if serr := c.opts.Sleep(ctx, d); serr != nil {
			return nil, err
		}
	}
}

// get reads the app, naming the project it was last seen in so that Argo
// CD tells a missing app from a forbidden one. If it is no longer in that
// project, it asks once more without one. It returns errors as Observe.
func (c *Client) get(ctx context.Context, apps application.ApplicationServiceClient, ref appRef) (*v1alpha1.Application, error) {
	project := c.project(ref)
	a, err := c.getIn(ctx, apps, ref, project)
	if project != "" && status.Code(err) == codes.NotFound {
		c.projects.Delete(ref.String())
		if a, err = c.getIn(ctx, apps, ref, ""); status.Code(err) == codes.PermissionDenied {
			return nil, gone(ref, project, c.redact(err))
		}
		project = ""
	}
	if err != nil {
		return nil, c.fail(actionGet, ref, project, err)
	}
	c.projects.Store(ref.String(), a.Spec.GetProject())
	return a, nil
}

func (c *Client) getIn(ctx context.Context, apps application.ApplicationServiceClient, ref appRef, project string) (*v1alpha1.Application, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	q := &application.ApplicationQuery{Name: &ref.Name, AppNamespace: optional(ref.Namespace)}
	if project != "" {
		q.Projects = []string{project}
	}
	return apps.Get(ctx, q, callOptions...)
}

// project returns the project ref was last seen in, or "".
func (c *Client) project(ref appRef) string {
	p, _ := c.projects.Load(ref.String())
	s, _ := p.(string)
	return s
}

// rollout translates a, reading the resource tree when a is not Healthy.
func (c *Client) rollout(ctx context.Context, apps application.ApplicationServiceClient, ref appRef, a *v1alpha1.Application) deploy.Rollout {
	r := toRollout(a, c.opts.Now())
	if a.Status.Health.Status == health.HealthStatusHealthy {
		return r
	}
	tree, err := c.tree(ctx, apps, ref, a.Spec.GetProject())
	if err != nil {
		c.log.Warn("can't read the resource tree", "app", ref.String(), "err", err)
		return r
	}
	r.Unhealthy = unhealthy(tree, a.Status.Resources)
	if r.HealthMessage == "" {
		r.HealthMessage = healthMessage(r.Health, r.Unhealthy)
	}
	return r
}

func (c *Client) tree(ctx context.Context, apps application.ApplicationServiceClient, ref appRef, project string) (*v1alpha1.ApplicationTree, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	q := &application.ResourcesQuery{ApplicationName: &ref.Name, AppNamespace: optional(ref.Namespace), Project: optional(project)}
	t, err := apps.ResourceTree(ctx, q, callOptions...)
	if err != nil {
		return nil, c.fail("read the resources of", ref, project, err)
	}
	return t, nil
}
