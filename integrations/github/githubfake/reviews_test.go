package githubfake

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

// TestDismissReview checks PUT pulls/{n}/reviews/{id}/dismissals and its
// refusals, and that a dismissed review no longer satisfies protection.
func TestDismissReview(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*Server, *github.Client, int, map[string]int64) {
		srv := newServer(t)
		bot := clientFor(t, srv, botToken)
		alice := clientFor(t, srv, aliceToken)
		pr := promote(t, bot, "p1", configV2)
		n := pr.GetNumber()
		ids := map[string]int64{}
		for _, rv := range []struct{ event, body string }{{"APPROVE", ""}, {"COMMENT", "nice"}, {"", ""}} {
			req := &github.PullRequestReviewRequest{Body: github.String(rv.body)}
			if rv.event != "" { // a pending review has no event (GitHub allows no "")
				req.Event = github.String(rv.event)
			}
			got, _, err := alice.PullRequests.CreateReview(ctx, "acme", "gitops", n, req)
			must(t, err)
			ids[rv.event] = got.GetID()
		}
		return srv, bot, n, ids
	}
	t.Run("OK", func(t *testing.T) {
		srv, bot, n, ids := setup(t)
		protect(t, srv, Protection{RequiredApprovals: 1})
		got, _, err := bot.PullRequests.DismissReview(ctx, "acme", "gitops", n, ids["APPROVE"],
			&github.PullRequestReviewDismissalRequest{Message: github.String("stale")})
		must(t, err)
		if got.GetState() != "DISMISSED" || got.GetUser().GetLogin() != "alice" || got.GetCommitID() == "" {
			t.Errorf("dismissed review = %s by %s on %q", got.GetState(), got.GetUser().GetLogin(), got.GetCommitID())
		}
		list, _, err := bot.PullRequests.ListReviews(ctx, "acme", "gitops", n, nil)
		must(t, err)
		var states []string
		for _, rv := range list {
			states = append(states, rv.GetState())
		}
		if diff := cmp.Diff([]string{"DISMISSED", "COMMENTED", "PENDING"}, states); diff != "" {
			t.Errorf("review states (-want +got):\n%s", diff)
		}
		pull, _, err := bot.PullRequests.Get(ctx, "acme", "gitops", n)
		must(t, err)
		if pull.GetMergeableState() != "blocked" {
			t.Errorf("mergeable_state after dismissing the only approval = %q, want blocked", pull.GetMergeableState())
		}
	})
	tests := []struct {
		name     string
		review   string // key into ids, or "" for an unknown ID
		message  string
		wantCode int
		wantMsg  string
	}{
		{"ErrNoMessage", "APPROVE", "", http.StatusUnprocessableEntity, "Validation Failed | Message can't be blank"},
		{"ErrCommented", "COMMENT", "why", http.StatusUnprocessableEntity, "Can not dismiss a commented pull request review"},
		{"ErrPending", "", "why", http.StatusUnprocessableEntity, "Can not dismiss a pending review"},
		{"ErrUnknownReview", "unknown", "why", http.StatusNotFound, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, bot, n, ids := setup(t)
			id, ok := ids[tt.review]
			if !ok {
				id = 999999
			}
			_, _, err := bot.PullRequests.DismissReview(ctx, "acme", "gitops", n, id,
				&github.PullRequestReviewDismissalRequest{Message: github.String(tt.message)})
			code, msg := statusOf(err)
			if code != tt.wantCode || msg != tt.wantMsg {
				t.Errorf("dismiss = %d %q, want %d %q", code, msg, tt.wantCode, tt.wantMsg)
			}
		})
	}
	t.Run("OKGoAPI", func(t *testing.T) {
		srv, _, n, _ := setup(t)
		must(t, srv.DismissReview(gitops, n, "alice", "pushed again"))
		if err := srv.DismissReview(gitops, n, "alice", "again"); err == nil {
			t.Error("second dismissal of alice's only decisive review succeeded")
		}
		var states []string
		for _, rv := range srv.PRs(gitops)[0].Reviews {
			states = append(states, rv.State)
		}
		if diff := cmp.Diff([]string{"DISMISSED", "COMMENTED", "PENDING"}, states); diff != "" {
			t.Errorf("review states (-want +got):\n%s", diff)
		}
	})
}
