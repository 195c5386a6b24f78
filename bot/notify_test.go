package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// plannedPromotion is p1 as the engine has it when its PR opened.
func plannedPromotion() deploy.Promotion {
	return deploy.Promotion{ID: "p1", Kind: deploy.KindPromote, Service: "api", Env: "production",
		Version: "v9.1.1", PreviousVersion: "v9.1.0", Requester: "U0MARIA", State: deploy.StatePROpen,
		CreatedAt: t0, UpdatedAt: t0,
		Evidence: &deploy.Evidence{Env: "staging", Version: "v9.1.1", Revision: "a1b2c3d4e5f6",
			HealthySince: t0.Add(-134 * 60e9), ObservedAt: t0},
		PR: deploy.PullRequest{Number: 1042, URL: "https://github.com/acme/gitops/pull/1042",
			Title: "promote(production): api v9.1.0 → v9.1.1"}}
}

func plannedNotice() deploy.Notice {
	return deploy.Notice{Promotion: plannedPromotion(), Kind: deploy.NoticePlanned,
		Line: "PR opened: #1042 promote(production): api v9.1.0 → v9.1.1",
		Details: deploy.NoticeDetails{
			Origin: &deploy.Change{Repo: "acme/api", Number: 812, Title: "Fix token refresh", Author: "li",
				URL: "https://github.com/acme/api/pull/812"},
			Changelog: &deploy.Changelog{Total: 3, Commits: []deploy.Commit{
				{Message: "Fix token refresh", Author: "li"}, {Message: "Bump grpc", Author: "ops-bot"}, {Message: "Docs"}}},
			Risk:         &deploy.Risk{Level: deploy.RiskLow, Reasons: []string{"patch release", "3 commits"}},
			RollbackPlan: "revert to v9.1.0 (one revert commit of this pull request)",
		}}
}

// noticeSequence is what the engine sends for one production promotion
// across its watch, with the clock time of each notice.
func noticeSequence() []struct {
	after time.Duration
	n     deploy.Notice
} {
	p := plannedPromotion()
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	step := func(state deploy.State, mut func(*deploy.Promotion)) deploy.Promotion {
		p.State = state
		if mut != nil {
			mut(&p)
		}
		return p
	}
	type s = struct {
		after time.Duration
		n     deploy.Notice
	}
	out := []s{{0, plannedNotice()}}
	add := func(after time.Duration, kind deploy.NoticeKind, line string, pr deploy.Promotion, d deploy.NoticeDetails) {
		out = append(out, s{after, deploy.Notice{Promotion: pr, Kind: kind, Line: line, Details: d}})
	}
	add(5*time.Minute, deploy.NoticeApproved, "Approved by <@U0SAM001> (1 of 1)", step(deploy.StateApproved, func(p *deploy.Promotion) {
		p.Approvals = []deploy.Approval{{By: "U0SAM001", At: at(5 * time.Minute)}}
	}), deploy.NoticeDetails{})
	add(10*time.Second, deploy.NoticeMerged, "Merged a9f8e7d by <@U0SAM001>", step(deploy.StateMerged, func(p *deploy.Promotion) {
		p.MergeSHA, p.MergedAt, p.WatchUntil = "a9f8e7d6c5b4", at(5*time.Minute+10*time.Second), at(35*time.Minute+10*time.Second)
	}), deploy.NoticeDetails{})
	add(time.Second, deploy.NoticeSyncStarted, "Sync of a9f8e7d started", step(deploy.StateSyncing, nil), deploy.NoticeDetails{})
	for i, r := range []string{"0/3 pods ready", "1/3 pods ready", "2/3 pods ready"} {
		add(time.Duration(20+i)*time.Second, deploy.NoticeProgressing, "Progressing — "+r, step(deploy.StateSyncing, func(p *deploy.Promotion) {
			p.StateReason = "Progressing — " + r
		}), deploy.NoticeDetails{Verdict: &deploy.Verdict{Phase: "Progressing", Reason: r}})
	}
	add(time.Minute, deploy.NoticeDeployed, "Healthy — no unhealthy resources · watching until 14:37 UTC", step(deploy.StateWatching, func(p *deploy.Promotion) {
		p.HealthyAt = at(9 * time.Minute)
	}), deploy.NoticeDetails{Verdict: &deploy.Verdict{Phase: "Deployed", Reason: "no unhealthy resources"}})
	add(28*time.Minute, deploy.NoticeWindowEnded, "Watch window ended: healthy for the 30 min after merge", step(deploy.StateSucceeded, nil),
		deploy.NoticeDetails{Verdict: &deploy.Verdict{Phase: "Deployed", Reason: "no unhealthy resources"}})
	return out
}

func TestNotifyPostsThenUpdatesInPlace(t *testing.T) {
	h := start(t, nil)
	ctx := testCtx(t)
	var ref deploy.MessageRef
	for _, st := range noticeSequence() {
		h.clock.Advance(st.after)
		st.n.Promotion.Slack = ref
		got, err := h.bot.Notify(ctx, st.n)
		if err != nil {
			t.Fatal(err)
		}
		if ref.TS != "" && got != ref {
			t.Fatalf("Notify returned %+v, want the first message %+v", got, ref)
		}
		ref = got
	}
	h.bot.Close()
	msgs := h.srv.Messages(testChannel)
	if len(msgs) != 1 {
		t.Fatalf("channel has %d messages, want 1", len(msgs))
	}
	if !strings.HasPrefix(msgs[0].Text, "✅ Production Deployment Complete") || len(msgs[0].Buttons) != 0 {
		t.Errorf("final message = %q with %d buttons, want Complete without buttons", msgs[0].Text, len(msgs[0].Buttons))
	}
	thread := h.srv.Thread(testChannel, ref.TS)
	if len(thread) != 9 || !strings.HasPrefix(thread[0].Text, "14:02 UTC · PR opened") {
		t.Errorf("thread has %d lines, first %q; want 9 starting with the time", len(thread), thread[0].Text)
	}
	t.Log("\n" + h.srv.ChannelTranscript(testChannel))
}

func TestNotifyBlockedIsNotPosted(t *testing.T) {
	h := start(t, nil)
	p := plannedPromotion()
	p.State, p.StateReason = deploy.StateBlocked, "frozen"
	ref, err := h.bot.Notify(testCtx(t), deploy.Notice{Promotion: p, Kind: deploy.NoticeBlocked, Line: "Blocked: frozen"})
	if err != nil || ref != (deploy.MessageRef{}) {
		t.Errorf("Notify = %+v, %v; want nothing posted", ref, err)
	}
	if n := h.srv.CallCount("chat.postMessage"); n != 0 {
		t.Errorf("chat.postMessage calls = %d, want 0", n)
	}
}

func TestNotifyCoalescesUpdates(t *testing.T) {
	h := start(t, func(o *Options) { o.UpdateEvery = 400 * time.Millisecond })
	ctx := testCtx(t)
	ref, err := h.bot.Notify(ctx, plannedNotice())
	if err != nil {
		t.Fatal(err)
	}
	p := plannedPromotion()
	p.Slack, p.State = ref, deploy.StateSyncing
	for i := range 20 {
		p.StateReason = fmt.Sprintf("Progressing — %d/20 pods ready", i+1)
		if _, err := h.bot.Notify(ctx, deploy.Notice{Promotion: p, Kind: deploy.NoticeProgressing, Line: p.StateReason}); err != nil {
			t.Fatal(err)
		}
	}
	err = h.srv.Wait(ctx, func() bool {
		m, _ := h.srv.Message(testChannel, ref.TS)
		return strings.Contains(string(m.Blocks), "20/20 pods ready")
	})
	if err != nil {
		t.Fatalf("latest content never shown: %v", err)
	}
	if n := h.srv.CallCount("chat.update"); n > 2 {
		t.Errorf("chat.update calls = %d for a burst of 20 notices, want at most 2", n)
	}
	if n := len(h.srv.Thread(testChannel, ref.TS)); n != 21 {
		t.Errorf("thread lines = %d, want 21 (every notice)", n)
	}
}

func TestNotifyWaitsOutRateLimit(t *testing.T) {
	h := start(t, nil)
	h.srv.RateLimit("chat.postMessage", 1, time.Second)
	start := time.Now()
	ref, err := h.bot.Notify(testCtx(t), plannedNotice())
	if err != nil {
		t.Fatal(err)
	}
	if ref.TS == "" || time.Since(start) < time.Second {
		t.Errorf("Notify = %+v after %s; want a message after waiting Retry-After", ref, time.Since(start))
	}
	if n := len(h.srv.Messages(testChannel)); n != 1 {
		t.Errorf("messages = %d, want 1", n)
	}
}
