package argocd

import (
	"context"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
)

// Sync asks Argo CD to sync app to revision (a commit SHA; empty for the
// app's target revision), pruning resources no longer in Git if prune is
// set. It returns once Argo CD accepted the operation; Watch or Observe
// follow it. It returns a *deploy.Error with CodeUnauthorised when the
// token may not sync the app (or was rejected), CodeNotFound for a missing
// app, CodeConflict when Argo CD refuses now (another operation is running,
// automated sync pins another revision), CodeInvalid for a malformed name;
// ctx's error; or an internal error.
func (c *Client) Sync(ctx context.Context, app, revision string, prune bool) error {
	ref, err := parseApp(app)
	if err != nil {
		return err
	}
	apps, err := c.conn(ctx)
	if err != nil {
		return c.connFail(actionSync, ref, err)
	}
	project := c.project(ref)
	req := &application.ApplicationSyncRequest{
		Name:         &ref.Name,
		AppNamespace: optional(ref.Namespace),
		Project:      optional(project),
		Revision:     &revision,
		Prune:        &prune,
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	if _, err := apps.Sync(ctx, req, callOptions...); err != nil {
		return c.fail(actionSync, ref, project, err)
	}
	c.log.Info("sync requested", "app", ref.String(), "revision", revision, "prune", prune)
	return nil
}
