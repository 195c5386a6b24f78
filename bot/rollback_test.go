package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// failedPromotion is p1 after its rollout failed, as the store has it.
func failedPromotion() deploy.Promotion {
	p := plannedPromotion()
	p.State, p.StateReason = deploy.StateFailed, "api-production is Degraded: Deployment/api: progress deadline exceeded"
	p.MergeSHA, p.MergedAt, p.FinishedAt = "a9f8e7d6c5b4", t0.Add(7*time.Minute), t0.Add(13*time.Minute)
	return p
}

// rollbackOfP1 is the rollback of p1 maria started, merged and syncing.
func rollbackOfP1() deploy.Promotion {
	return deploy.Promotion{ID: "p2", Kind: deploy.KindRollback, Service: "api", Env: "production",
		Version: "v9.1.0", PreviousVersion: "v9.1.1", Requester: "U0MARIA", Reason: "Degraded (Rollback button in Slack)",
		State: deploy.StateSyncing, RollbackOf: "p1", CreatedAt: t0, MergedAt: t0.Add(16 * time.Minute),
		PR: deploy.PullRequest{Number: 1043, URL: "https://github.com/acme/gitops/pull/1043",
			Title: "rollback(production): api v9.1.1 → v9.1.0"}}
}

// announceFailed stores p1 as failed and posts its announcement; it
// returns the announcement with its Rollback button.
func (h *harness) announceFailed(t *testing.T) (slackfake.Message, slackfake.Button) {
	t.Helper()
	p := failedPromotion()
	if err := h.store.PutPromotion(p); err != nil {
		t.Fatal(err)
	}
	ref, err := h.bot.Notify(testCtx(t), deploy.Notice{Promotion: p, Kind: deploy.NoticeFailed, Line: "Failed: Degraded"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := h.srv.Message(testChannel, ref.TS)
	for _, b := range m.Buttons {
		if b.ActionID == actionRollback {
			return m, b
		}
	}
	t.Fatalf("failed announcement has no Rollback button: %+v", m.Buttons)
	return m, slackfake.Button{}
}

// click has user click b on m.
func (h *harness) click(user string, m slackfake.Message, b slackfake.Button) {
	h.srv.BlockAction(slackfake.BlockAction{UserID: user, ChannelID: testChannel, MessageTS: m.TS,
		ActionID: b.ActionID, BlockID: b.BlockID, Value: b.Value})
}

func TestRollbackClick(t *testing.T) {
	const rolling = "Rolling back api in production to v9.1.0: <https://github.com/acme/gitops/pull/1043|acme/gitops#1043>."
	t.Run("OK", func(t *testing.T) {
		h := start(t, nil)
		h.engine.promo = rollbackOfP1()
		m, b := h.announceFailed(t)
		if b.Text != "Rollback to v9.1.0" || b.Value != "p1" {
			t.Errorf("button = %+v, want \"Rollback to v9.1.0\" of p1", b)
		}
		h.click("U0MARIA", m, b)
		eph := h.waitEphemeral(t, "U0MARIA", 1)
		if eph[0].Text != rolling {
			t.Errorf("ephemeral = %q, want %q", eph[0].Text, rolling)
		}
		calls := h.engine.Calls()
		if len(calls) != 1 || calls[0].Method != "Rollback" || calls[0].RB.PromotionID != "p1" ||
			calls[0].RB.Reason != "api-production is Degraded 6 min after merge (see thread) — Rollback button in Slack" {
			t.Errorf("engine calls = %+v, want Rollback of p1 saying why", calls)
		}
	})
	t.Run("ErrRefusal", func(t *testing.T) {
		h := start(t, nil)
		refusal := "Can't roll back promotion p1: it is syncing; only a deployed promotion (watching, succeeded or failed) can be rolled back."
		h.engine.err = fault.Errorf(fault.CodeConflict, "%s", refusal)
		m, b := h.announceFailed(t)
		h.click("U0MARIA", m, b)
		if got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text; got != refusal {
			t.Errorf("ephemeral = %q, want the engine's refusal %q", got, refusal)
		}
	})
	t.Run("EngineConflictWithOwnRollback", func(t *testing.T) {
		// The engine started the rollback but answered with a conflict
		// (its autoApprove lost a race with Tick): the rollback exists,
		// so the click succeeded.
		h := start(t, nil)
		m, b := h.announceFailed(t)
		if err := h.store.PutPromotion(rollbackOfP1()); err != nil {
			t.Fatal(err)
		}
		h.engine.err = fault.Errorf(fault.CodeConflict, "promotion is merged and syncing; it can no longer be approved")
		h.click("U0MARIA", m, b)
		if got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text; got != rolling {
			t.Errorf("ephemeral = %q, want %q", got, rolling)
		}
	})
	t.Run("ErrBlockedBySomeoneElse", func(t *testing.T) {
		// A blocked rollback record is the engine's refusal, not a success.
		h := start(t, nil)
		m, b := h.announceFailed(t)
		blocked := rollbackOfP1()
		blocked.State, blocked.StateReason = deploy.StateBlocked, "api is already being promoted to production by <@U0SAM001>"
		if err := h.store.PutPromotion(blocked); err != nil {
			t.Fatal(err)
		}
		h.engine.err = fault.Errorf(fault.CodeConflict, "%s", blocked.StateReason)
		h.click("U0MARIA", m, b)
		if got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text; got != blocked.StateReason {
			t.Errorf("ephemeral = %q, want the refusal", got)
		}
	})
	t.Run("DoubleClick", func(t *testing.T) {
		h := start(t, nil)
		h.engine.promo = rollbackOfP1()
		m, b := h.announceFailed(t)
		h.click("U0MARIA", m, b)
		h.click("U0MARIA", m, b)
		assertOneActionAlreadyDone(t, h, "U0MARIA")
	})
}

func TestRolledBackAnnouncementNamesThePerson(t *testing.T) {
	h := start(t, nil)
	if err := h.store.PutPromotion(rollbackOfP1()); err != nil {
		t.Fatal(err)
	}
	p := failedPromotion()
	ref, err := h.bot.Notify(testCtx(t), deploy.Notice{Promotion: p, Kind: deploy.NoticeFailed})
	if err != nil {
		t.Fatal(err)
	}
	p.Slack, p.State, p.RolledBackBy = ref, deploy.StateRolledBack, "p2"
	p.StateReason = "rolled back by <@U0MARIA> (promotion p2): Degraded (Rollback button in Slack)"
	h.clock.Advance(time.Minute)
	if _, err := h.bot.Notify(testCtx(t), deploy.Notice{Promotion: p, Kind: deploy.NoticeRolledBack,
		Line: "Rolled back to v9.1.0 by <@U0MARIA> (PR #1043)"}); err != nil {
		t.Fatal(err)
	}
	h.bot.Close()
	m, _ := h.srv.Message(testChannel, ref.TS)
	blocks := slackfake.RenderBlocks(m.Blocks)
	for _, want := range []string{"rolled back by @U0MARIA · 14:18 UTC", "Degraded (Rollback button in Slack)",
		"acme/gitops#1043", "v9.1.1 is quarantined"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("announcement lacks %q:\n%s", want, blocks)
		}
	}
	if strings.Contains(blocks, "rollback p2") {
		t.Errorf("announcement names the rollback promotion as a person:\n%s", blocks)
	}
}
