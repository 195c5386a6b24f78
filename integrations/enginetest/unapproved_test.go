package enginetest

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

func TestUnapprovedMerge(t *testing.T) {
	t.Run("OKAlert", func(t *testing.T) {
		w, p := ledgerWorld(t, nil)
		sha, err := w.gh.MergePR(gitops, p.PR.Number, eveGH)
		must(t, err)
		w.tick()
		got := w.get(p.ID)
		if got.MergeSHA != sha || got.Unapproved == "" {
			t.Fatalf("after eve's merge: %s at %q, unapproved %q; want merged at %s and flagged", got.State, got.MergeSHA, got.Unapproved, sha)
		}
		kinds, _ := w.notes.of(p.ID)
		for _, k := range kinds {
			if k == deploy.NoticeMerged {
				t.Errorf("notices %v: an unapproved merge must not be reported as a normal merge", kinds)
			}
		}
		line := w.notes.line(p.ID, deploy.NoticeUnapprovedMerge)
		for _, want := range []string{"Not a normal deployment", "merged by <@UEVE> (@eve-gh) on GitHub without the required approvals: 1 more approval", sha[:7]} {
			if !contains(line, want) {
				t.Errorf("alert line %q: want it to contain %q", line, want)
			}
		}
		evs, err := w.st.Audit(p.ID)
		must(t, err)
		var audited *deploy.AuditEvent
		for i := range evs {
			if evs[i].Action == deploy.UnapprovedMergeAction {
				audited = &evs[i]
			}
		}
		if audited == nil || audited.Actor != eveGH || !contains(audited.Reason, "No approvals yet — 0 of 1") || !contains(audited.Reason, "policy: alert") {
			t.Errorf("audit %+v: want an unapproved_merge by %s naming what was missing", audited, eveGH)
		}
		if pr := w.prs()[0]; !anyContains(pr.Comments, "Merged without the required approvals** by @eve-gh: 1 more approval") {
			t.Errorf("PR comments %q: want the alert", pr.Comments)
		}
		// The watch still runs, and every later notice repeats the alert.
		got = w.runUntil(p.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
		w.notes.mu.Lock()
		last := w.notes.notices[len(w.notes.notices)-1]
		w.notes.mu.Unlock()
		if last.Kind != deploy.NoticeDeployed || !contains(last.Details.Alert, "Not a normal deployment: merged by <@UEVE>") {
			t.Errorf("deployed notice %s carries alert %q", last.Kind, last.Details.Alert)
		}
	})
	t.Run("OKApprovedThenMergedByPerson", func(t *testing.T) {
		w, p := ledgerWorld(t, func(env *config.Environment) { env.Approvals = 2 })
		must(t, w.gh.Approve(gitops, p.PR.Number, samGH))
		must(t, w.gh.Approve(gitops, p.PR.Number, leeGH))
		_, err := w.gh.MergePR(gitops, p.PR.Number, eveGH)
		must(t, err)
		w.tick()
		got := w.get(p.ID)
		if got.Unapproved != "" || w.notes.line(p.ID, deploy.NoticeUnapprovedMerge) != "" || w.notes.line(p.ID, deploy.NoticeMerged) == "" {
			t.Errorf("a merge after both approvals: unapproved %q, want a normal merge", got.Unapproved)
		}
	})
	t.Run("OKRollback", func(t *testing.T) {
		w, p := ledgerWorld(t, func(env *config.Environment) { env.UnapprovedMerge = config.UnapprovedRollback })
		_, err := w.gh.MergePR(gitops, p.PR.Number, eveGH)
		must(t, err)
		w.tick()
		got := w.get(p.ID)
		if got.State != deploy.StateRolledBack || got.RolledBackBy == "" {
			t.Fatalf("after eve's merge under unapprovedMerge: rollback: %s (%s), rolled back by %q", got.State, got.StateReason, got.RolledBackBy)
		}
		rb := w.get(got.RolledBackBy)
		if rb.Kind != deploy.KindRollback || rb.RollbackOf != p.ID || rb.MergeSHA == "" || rb.Requester != "deploybot" {
			t.Errorf("rollback %s: kind %s of %s, merge %q, by %q", rb.ID, rb.Kind, rb.RollbackOf, rb.MergeSHA, rb.Requester)
		}
		if file, _ := w.gh.File(gitops, "main", prodFile); !contains(string(file), "api-v9.1.0") {
			t.Errorf("production file after the automatic rollback:\n%s", file)
		}
		checkAuditTrail(t, w, p.ID, []string{"request", "pr_opened", "merged", deploy.UnapprovedMergeAction, "fail", "roll_back"})
		w.runUntil(rb.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
	})
}

// TestUnapprovedMergeRollbackAfterCrash stops deploybot between recording
// an unapproved merge and rolling it back: the next pass rolls it back.
func TestUnapprovedMergeRollbackAfterCrash(t *testing.T) {
	w, p := ledgerWorld(t, nil)
	_, err := w.gh.MergePR(gitops, p.PR.Number, eveGH)
	must(t, err)
	w.tick() // under unapprovedMerge: alert, as if the crash came before the rollback
	if got := w.get(p.ID); got.Unapproved == "" || got.RolledBackBy != "" {
		t.Fatalf("after the merge: unapproved %q, rolled back by %q", got.Unapproved, got.RolledBackBy)
	}
	for i := range w.cfg.Environments {
		if w.cfg.Environments[i].Name == "production" {
			w.cfg.Environments[i].UnapprovedMerge = config.UnapprovedRollback
		}
	}
	w.restart()
	w.tick()
	if got := w.get(p.ID); got.State != deploy.StateRolledBack || got.RolledBackBy == "" {
		t.Errorf("after the restart: %s (%s), rolled back by %q; want rolled back", got.State, got.StateReason, got.RolledBackBy)
	}
}
