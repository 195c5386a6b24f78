package github_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestCommentChange(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		_, pr := e.open(t, "p42", apiProd)
		must(t, e.c.CommentChange(ctx, pr, "**Approved in Slack** by @sam-gh"))
		got, err := e.srv.PR(gitops, pr.Number)
		must(t, err)
		if diff := cmp.Diff([]string{"**Approved in Slack** by @sam-gh"}, got.Comments); diff != "" {
			t.Errorf("comments (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		e := newEnv(t)
		err := e.c.CommentChange(ctx, deploy.PullRequest{Number: 99}, "hello")
		if fault.ErrorCode(err) != fault.CodeNotFound || !strings.Contains(err.Error(), "comment on pull request #99") {
			t.Errorf("comment on a missing pull request: %v (%s), want not found naming what was tried", err, fault.ErrorCode(err))
		}
	})
}
