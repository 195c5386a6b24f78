package argocd

import (
	"context"
	"errors"
	"io"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/deploybot/deploybot/deploy"
)

// errStreamEnded is a Watch stream the server ended cleanly; it is retried.
var errStreamEnded = errors.New("argocd: watch stream ended")

// Watch sends every observed state of app to fn until ctx is done. Each
// (re)connect first reads the app with Get (the stream replays nothing,
// and only Get tells a missing or forbidden app: the stream silently
// skips those), sends that, then follows the Watch stream, skipping the
// stream's initial copy of what Get returned. A cut stream, an unreachable
// server or any other transient error is retried after a Backoff delay,
// which starts again from Min once a connection delivered a change.
//
// It returns ctx's error, or without retrying a *deploy.Error with
// CodeNotFound (the app is missing, can't be seen, or was deleted while
// watched), CodeUnauthorised (the token was rejected) or CodeInvalid, or
// an error once the Client is closed.
// fn is called from Watch's goroutine, one state at a time.
func (c *Client) Watch(ctx context.Context, app string, fn func(deploy.Rollout)) error {
	ref, err := parseApp(app)
	if err != nil {
		return err
	}
	bo := newBackoff(c.opts.Backoff)
	for {
		useful, err := c.watchOnce(ctx, ref, fn)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if fatal(err) {
			return err
		}
		if useful {
			bo.reset()
		}
		d := bo.delay()
		c.log.Warn("Argo CD watch interrupted; reconnecting", "app", ref.String(), "in", d, "err", err)
		if err := c.opts.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// watchOnce is one connection: Get, then the stream until it fails.
// useful reports whether the stream delivered a change after the Get. It
// returns the error that ended it, never nil.
func (c *Client) watchOnce(ctx context.Context, ref appRef, fn func(deploy.Rollout)) (useful bool, err error) {
	apps, err := c.conn(ctx)
	if err != nil {
		return false, c.connFail("watch", ref, err)
	}
	a, err := c.get(ctx, apps, ref)
	if err != nil {
		return false, err
	}
	fn(c.rollout(ctx, apps, ref, a))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	q := &application.ApplicationQuery{Name: &ref.Name, AppNamespace: optional(ref.Namespace)}
	stream, err := apps.Watch(ctx, q, callOptions...)
	if err != nil {
		return false, c.fail("watch", ref, a.Spec.GetProject(), err)
	}
	seen := a.ResourceVersion
	for {
		ev, err := stream.Recv()
		if err != nil {
			return useful, c.streamError(ref, a.Spec.GetProject(), err)
		}
		if ev.Type == watch.Deleted {
			return useful, gone(ref, a.Spec.GetProject(), nil)
		}
		if ev.Application.Name != ref.Name || ev.Application.ResourceVersion == seen {
			continue
		}
		seen, useful = ev.Application.ResourceVersion, true
		fn(c.rollout(ctx, apps, ref, &ev.Application))
	}
}

// streamError classifies the error that ended a stream.
func (c *Client) streamError(ref appRef, project string, err error) error {
	if errors.Is(err, io.EOF) {
		return errStreamEnded
	}
	return c.fail("watch", ref, project, err)
}
