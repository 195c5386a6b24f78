package bot

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/store"
)

// restartWithJob runs a fresh bot on a store holding promotions ps and
// job w, accepted at t0 and started once before a restart.
func restartWithJob(t *testing.T, w work, ps ...deploy.Promotion) *harness {
	t.Helper()
	srv := slackfake.New(slackfake.Options{PingInterval: 200 * time.Millisecond})
	t.Cleanup(srv.Close)
	srv.AddChannel(testChannel, "deploys")
	st := openStore(t, filepath.Join(t.TempDir(), "bot.db"))
	for _, p := range ps {
		if err := st.PutPromotion(p); err != nil {
			t.Fatal(err)
		}
	}
	payload, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutJob(store.Job{ID: "e-left", Kind: jobCommand, CreatedAt: t0, Attempts: 1, Payload: payload}); err != nil {
		t.Fatal(err)
	}
	h := &harness{srv: srv, engine: &fakeEngine{}, store: st, clock: &fakeClock{t: t0.Add(time.Minute)},
		done: make(chan error, 1)}
	h.engine.err = fault.Errorf(fault.CodeConflict,
		"api is already being promoted to production by <@U0MARIA> (promotion p1, since 14:02 UTC). Wait for it or cancel it.")
	h.bot = newBot(t, srv, h.engine, st, func(o *Options) { o.Clock = h.clock })
	h.run(t)
	return h
}

func TestReplayedPromoteJob(t *testing.T) {
	promote := work{Command: "/promote", Text: "api v9.1.1 prod", User: "U0MARIA", Channel: testChannel}
	const created = "Promotion p1: api v9.1.0 → v9.1.1 is waiting for approval. Pull request #1042. Follow it in <#C0DEPLOYS>."
	t.Run("PromotionExists", func(t *testing.T) {
		p := plannedPromotion()
		p.CreatedAt = t0.Add(2 * time.Second) // the engine took the job's request before the restart
		h := restartWithJob(t, promote, p)
		if got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text; got != created {
			t.Errorf("ephemeral = %q, want the original outcome %q", got, created)
		}
		if calls := h.engine.Calls(); len(calls) != 0 {
			t.Errorf("engine calls = %+v, want none: the promotion exists", calls)
		}
	})
	t.Run("AnswerRecorded", func(t *testing.T) {
		w := promote
		w.PromotionID, w.Answer = "p1", created
		h := restartWithJob(t, w)
		if got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text; got != created {
			t.Errorf("ephemeral = %q, want the recorded answer", got)
		}
		if calls := h.engine.Calls(); len(calls) != 0 {
			t.Errorf("engine calls = %+v, want none", calls)
		}
	})
	t.Run("ErrOlderPromotion", func(t *testing.T) {
		// A promotion from before the job is someone's earlier request:
		// the engine's refusal stands.
		p := plannedPromotion()
		p.CreatedAt = t0.Add(-time.Hour)
		h := restartWithJob(t, promote, p)
		got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text
		if got != fault.UserMessage(h.engine.err) {
			t.Errorf("ephemeral = %q, want the engine's refusal", got)
		}
		if calls := h.engine.Calls(); len(calls) != 1 {
			t.Errorf("engine calls = %d, want 1", len(calls))
		}
	})
}
