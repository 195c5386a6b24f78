package github_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestResolveCommit(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	seedAppRepo(t, e)
	tag, err := e.srv.Commit(appRepo, "v9.1.1")
	must(t, err)
	tests := []struct {
		name, repo, ref, want string
		code                  fault.Code
		msg                   string
	}{
		{name: "OKTag", repo: appRepo, ref: "v9.1.1", want: tag.SHA},
		{name: "OKShortSHA", repo: appRepo, ref: tag.SHA[:7], want: tag.SHA},
		{name: "OKBranch", repo: appRepo, ref: "main", want: e.srv.Head(appRepo, "main")},
		{name: "OKConfigRepo", ref: "main", want: e.srv.Head(gitops, "main")},
		{name: "ErrUnknown", repo: appRepo, ref: "v0.0.0", code: fault.CodeNotFound, msg: `no commit, tag or branch "v0.0.0" in acme/api`},
		{name: "ErrUnknownRepo", repo: "acme/nope", ref: "v1", code: fault.CodeNotFound, msg: `no commit, tag or branch "v1" in acme/nope (or deploybot's credentials can't read acme/nope`},
		{name: "ErrMalformedRepo", repo: "nope", ref: "v1", code: fault.CodeInvalid, msg: `repository "nope" must be owner/name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.c.ResolveCommit(ctx, tt.repo, tt.ref)
			if fault.ErrorCode(err) != tt.code || got != tt.want || !strings.HasPrefix(fault.UserMessage(err), tt.msg) {
				t.Errorf("ResolveCommit = %q, %s %q; want %q, %s %q", got, fault.ErrorCode(err), fault.UserMessage(err), tt.want, tt.code, tt.msg)
			}
		})
	}
}

func TestOriginPR(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	seedAppRepo(t, e)
	tag, err := e.srv.Commit(appRepo, "v9.1.1")
	must(t, err)
	got, err := e.c.OriginPR(ctx, appRepo, tag.SHA)
	must(t, err)
	want := &deploy.Change{Repo: appRepo, Number: 3, Title: "Release v9.1.1", Author: "ops-bot",
		URL: e.srv.URL() + "/acme/api/pull/3", MergeSHA: tag.SHA}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(deploy.Change{}, "MergedAt")); diff != "" || got.MergedAt.IsZero() {
		t.Errorf("OriginPR (-want +got):\n%s", diff)
	}
	// The pull request's own commit is not a merge commit: no origin.
	inner := tag.Parents[1]
	if got, err := e.c.OriginPR(ctx, appRepo, inner); err != nil || got != nil {
		t.Errorf("OriginPR(%s) = %+v, %v; want none", inner, got, err)
	}
	if _, err := e.c.OriginPR(ctx, appRepo, strings.Repeat("0", 40)); fault.ErrorCode(err) != fault.CodeNotFound {
		t.Errorf("OriginPR of an unknown commit: %v", err)
	}
}

func TestCompare(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	seedAppRepo(t, e)
	t.Run("OK", func(t *testing.T) {
		cl, err := e.c.Compare(ctx, appRepo, "v9.1.0", "v9.1.1", 20)
		must(t, err)
		var got []string
		for _, c := range cl.Commits {
			got = append(got, c.Message+" ("+c.Author+")")
		}
		want := []string{"Merge pull request #3 from acme/ops-bot/pr-3 (ops-bot)", "Release v9.1.1 (ops-bot)",
			"Merge pull request #2 from acme/li/pr-2 (li)", "Fix token refresh (#1) (li)"}
		if diff := cmp.Diff(want, got); diff != "" || cl.Total != 4 {
			t.Errorf("Compare (-want +got):\n%s\ntotal %d", diff, cl.Total)
		}
		if c := cl.Commits[0]; c.URL != e.srv.URL()+"/acme/api/commit/"+c.SHA || c.Date.IsZero() {
			t.Errorf("newest commit = %+v", c)
		}
	})
	t.Run("OKLimit", func(t *testing.T) {
		cl, err := e.c.Compare(ctx, appRepo, "v9.1.0", "v9.1.1", 2)
		must(t, err)
		if len(cl.Commits) != 2 || cl.Total != 4 || cl.Commits[1].Message != "Release v9.1.1" {
			t.Errorf("Compare with limit 2 = %+v", cl)
		}
	})
	t.Run("OKLong", func(t *testing.T) {
		// Beyond GitHub's 250 commits per comparison the newest come from
		// the last page.
		base := e.srv.Head(appRepo, "main")
		var last string
		for i := 1; i <= 260; i++ {
			sha, err := e.srv.PushCommit(appRepo, "main", "li", fmt.Sprintf("change %d", i), map[string][]byte{"n": []byte(fmt.Sprint(i))})
			must(t, err)
			last = sha
		}
		e.srv.ResetRequests()
		cl, err := e.c.Compare(ctx, appRepo, base, last, 20)
		must(t, err)
		if cl.Total != 260 || len(cl.Commits) != 20 || cl.Commits[0].Message != "change 260" || cl.Commits[19].Message != "change 241" {
			t.Errorf("Compare = total %d, %d commits, newest %+v", cl.Total, len(cl.Commits), cl.Commits[0])
		}
		if n := len(e.srv.Requests()); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("ErrUnknownRef", func(t *testing.T) {
		if _, err := e.c.Compare(ctx, appRepo, "v0.0.1", "v9.1.1", 20); fault.ErrorCode(err) != fault.CodeNotFound {
			t.Errorf("err = %v, want not found", err)
		}
	})
}

func TestLastChange(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	base := e.srv.Head(gitops, "main")
	pushed, err := e.srv.PushCommit(gitops, "main", "alice", "hotfix api\n\nlong story", map[string][]byte{prodAPI: []byte("x: 1\n")})
	must(t, err)
	head, err := e.srv.PushCommit(gitops, "main", "sam", "bump billing", map[string][]byte{prodBill: []byte("y: 2\n")})
	must(t, err)
	got, err := e.c.LastChange(ctx, prodAPI, base, head)
	must(t, err)
	if got == nil || got.SHA != pushed || got.Author != "alice" || got.Message != "hotfix api" {
		t.Errorf("LastChange = %+v, want alice's %s", got, pushed)
	}
	for _, tc := range []struct{ path, from, to string }{{stageAPI, base, head}, {prodAPI, pushed, head}, {prodAPI, head, head}} {
		if got, err := e.c.LastChange(ctx, tc.path, tc.from, tc.to); err != nil || got != nil {
			t.Errorf("LastChange(%s, %s..%s) = %+v, %v; want none", tc.path, tc.from[:7], tc.to[:7], got, err)
		}
	}
}
