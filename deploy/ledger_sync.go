package deploy

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
)

// ledgerChange is what syncLedger found new on the pull request.
type ledgerChange struct {
	oldHead string // the recorded head before it moved; "" when it did not
	reviews int    // reviews added to the ledger or dismissed since
}

// any reports whether anything changed.
func (c ledgerChange) any() bool { return c.oldHead != "" || c.reviews > 0 }

// syncLedger records in p's ledger what st shows: GitHub reviews not seen
// before (each reviewer joined through people: and checked), reviews
// dismissed since, and a head that moved (someone pushed to the branch:
// the approvals given before no longer count). Each is audited. It
// returns p as stored and what changed; an unchanged poll changes nothing.
func (e *Engine) syncLedger(ctx context.Context, p Promotion, env config.Environment, st ChangeStatus) (Promotion, ledgerChange, error) {
	if st.Unchanged || !ledgerDiffers(p, st) {
		return p, ledgerChange{}, nil
	}
	judged := map[int64][2]string{}
	for _, r := range st.Reviews {
		if r.ID != 0 && reviewEntry(p, r.ID) < 0 {
			by, why := e.reviewer(ctx, env, p, r.Login)
			judged[r.ID] = [2]string{by, why}
		}
	}
	var change ledgerChange
	now := e.now()
	q, err := e.store.UpdatePromotion(p.ID, func(q *Promotion) ([]AuditEvent, error) {
		change = ledgerChange{}
		var evs []AuditEvent
		if st.HeadSHA != "" && q.PR.HeadSHA != "" && st.HeadSHA != q.PR.HeadSHA {
			change.oldHead = q.PR.HeadSHA
			evs = append(evs, AuditEvent{At: now, PromotionID: q.ID, Actor: "github", Action: "head_moved",
				From: q.State, To: q.State, Reason: headMovedReason(*q, st.HeadSHA)})
			q.PR.HeadSHA = st.HeadSHA
		}
		for _, r := range st.Reviews {
			if r.ID == 0 {
				continue // not a review GitHub identifies: nothing to key it by
			}
			if ev, ok := mergeReview(q, r, judged[r.ID], now); ok {
				change.reviews++
				evs = append(evs, ev)
			}
		}
		if len(evs) > 0 {
			q.UpdatedAt = now
		}
		return evs, nil
	})
	if err != nil {
		return p, ledgerChange{}, err
	}
	return q, change, nil
}

// ledgerDiffers reports whether st shows a head or a review p's ledger
// does not record yet, so most polls write nothing.
func ledgerDiffers(p Promotion, st ChangeStatus) bool {
	if st.HeadSHA != "" && p.PR.HeadSHA != "" && st.HeadSHA != p.PR.HeadSHA {
		return true
	}
	for _, r := range st.Reviews {
		if r.ID == 0 {
			continue
		}
		i := reviewEntry(p, r.ID)
		if i < 0 || p.Approvals[i].Verdict != r.Verdict {
			return true
		}
	}
	return false
}

// reviewEntry returns the index of GitHub review id in p's ledger, or -1.
func reviewEntry(p Promotion, id int64) int {
	for i, a := range p.Approvals {
		if a.source() == ApprovalGitHub && a.ReviewID == id {
			return i
		}
	}
	return -1
}

// mergeReview adds review r to q's ledger (by and why from reviewer) or
// records that it was dismissed, and returns the audit event; false when
// the ledger already holds r as it is.
func mergeReview(q *Promotion, r Review, judged [2]string, now time.Time) (AuditEvent, bool) {
	ev := AuditEvent{At: now, PromotionID: q.ID, Actor: r.Login, Action: "review:" + string(r.Verdict),
		From: q.State, To: q.State}
	if i := reviewEntry(*q, r.ID); i >= 0 {
		a := &q.Approvals[i]
		if a.Verdict == r.Verdict {
			return AuditEvent{}, false
		}
		a.Verdict = r.Verdict
		ev.Reason = fmt.Sprintf("GitHub review %d by %s is now %s", r.ID, r.Login, r.Verdict)
		return ev, true
	}
	by, why := judged[0], judged[1]
	q.Approvals = append(q.Approvals, Approval{By: by, At: r.SubmittedAt, Source: ApprovalGitHub, Verdict: r.Verdict,
		Login: r.Login, HeadSHA: r.CommitID, ReviewID: r.ID, NotCounted: why})
	ev.Reason = fmt.Sprintf("GitHub review %d by %s on %s", r.ID, r.Login, shortSHA(r.CommitID))
	if why != "" {
		ev.Reason += "; not counted: " + why
	}
	return ev, true
}

// headMovedReason is the audit and thread text of a moved head.
func headMovedReason(p Promotion, head string) string {
	return fmt.Sprintf("new commits on %s (%s → %s): approvals given before no longer count",
		cmp.Or(p.PR.Branch, "the pull request"), shortSHA(p.PR.HeadSHA), shortSHA(head))
}
