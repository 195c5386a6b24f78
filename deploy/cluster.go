package deploy

import "context"

// Cluster is the view of Argo CD the engine uses: observe an Application,
// follow it as it changes, and start a sync. The Argo CD adapter
// (integrations/argocd) implements it; errors are *Errors with
// CodeNotFound for a missing app, CodeUnauthorised for a token without the
// right, and internal errors otherwise.
type Cluster interface {
	// Observe returns the Application's current state.
	Observe(ctx context.Context, app string) (Rollout, error)
	// Watch sends every observed state of the Application to fn until ctx
	// is done, reconnecting with bounded backoff and re-reading the
	// Application after every reconnect (the stream replays nothing). It
	// returns ctx's error, or a non-retryable error (missing app, no right).
	Watch(ctx context.Context, app string, fn func(Rollout)) error
	// Sync starts a sync of the Application to revision, pruning if asked.
	Sync(ctx context.Context, app, revision string, prune bool) error
}
