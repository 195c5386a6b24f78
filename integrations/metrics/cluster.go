package metrics

import (
	"context"
	"errors"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Cluster is a deploy.Cluster that counts the calls of the one it wraps as
// Argo CD calls (observe, watch, sync), with the error kind taken from
// fault.ErrorCode (not_found, unauthorised, internal, …).
type Cluster struct {
	Inner   deploy.Cluster
	Metrics *Metrics
}

var _ deploy.Cluster = Cluster{}

// Observe calls Inner.Observe and counts it.
func (c Cluster) Observe(ctx context.Context, app string) (deploy.Rollout, error) {
	r, err := c.Inner.Observe(ctx, app)
	c.count("observe", err)
	return r, err
}

// Watch calls Inner.Watch and counts it; a watch ended by its context is
// no error.
func (c Cluster) Watch(ctx context.Context, app string, fn func(deploy.Rollout)) error {
	err := c.Inner.Watch(ctx, app, fn)
	c.count("watch", err)
	return err
}

// Sync calls Inner.Sync and counts it.
func (c Cluster) Sync(ctx context.Context, app, revision string, prune bool) error {
	err := c.Inner.Sync(ctx, app, revision, prune)
	c.count("sync", err)
	return err
}

func (c Cluster) count(op string, err error) {
	kind := ""
	switch {
	case err == nil:
	case errors.Is(err, context.Canceled):
		kind = "cancelled"
	case errors.Is(err, context.DeadlineExceeded):
		kind = "timeout"
	default:
		kind = string(fault.ErrorCode(err))
		if kind == "" {
			kind = "internal"
		}
	}
	c.Metrics.Call(ServiceArgoCD, op, kind)
}
