package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// request is the engine's first step: create the promotion, take its lock,
// log it, all or nothing.
func request(tx *Tx, p deploy.Promotion) error {
	if err := tx.PutPromotion(p); err != nil {
		return err
	}
	l := deploy.Lock{Service: p.Service, Env: p.Env, PromotionID: p.ID, Holder: p.Requester, Since: p.CreatedAt}
	if err := tx.AcquireLock(l); err != nil {
		return err
	}
	_, err := tx.AppendAudit(deploy.AuditEvent{At: p.CreatedAt, PromotionID: p.ID, Actor: p.Requester,
		Action: "requested", To: p.State})
	return err
}

func TestUpdateIsAtomic(t *testing.T) {
	s := openTest(t, testPath(t))
	first := promotion("p1", "api", "production", 1, deploy.StateRequested)
	if err := s.Update(func(tx *Tx) error { return request(tx, first) }); err != nil {
		t.Fatalf("first request: %v", err)
	}
	t.Run("ErrLocked", func(t *testing.T) {
		second := promotion("p2", "api", "production", 2, deploy.StateRequested)
		err := s.Update(func(tx *Tx) error { return request(tx, second) })
		wantCode(t, err, fault.CodeConflict)
		if _, err := s.GetPromotion("p2"); fault.ErrorCode(err) != fault.CodeNotFound {
			t.Errorf("GetPromotion(p2) after a failed request = %v, want not found", err)
		}
		assertState(t, s, []string{"p1"}, 1)
	})
	t.Run("ErrWriteInView", func(t *testing.T) {
		err := s.View(func(tx *Tx) error { return tx.PutPromotion(promotion("p3", "web", "qa", 3, deploy.StateRequested)) })
		if err == nil {
			t.Fatal("PutPromotion in View succeeded")
		}
		assertState(t, s, []string{"p1"}, 1)
	})
	t.Run("OK", func(t *testing.T) {
		third := promotion("p3", "api", "staging", 3, deploy.StateRequested)
		if err := s.Update(func(tx *Tx) error { return request(tx, third) }); err != nil {
			t.Fatal(err)
		}
		assertState(t, s, []string{"p1", "p3"}, 2)
	})
}

// assertState checks which promotions are active and how long the audit
// log is, all read in one View.
func assertState(t *testing.T, s *Store, active []string, events int) {
	t.Helper()
	err := s.View(func(tx *Tx) error {
		ps, err := tx.ActivePromotions()
		if err != nil {
			return err
		}
		if diff := cmp.Diff(active, ids(ps), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("active (-want +got):\n%s", diff)
		}
		log, err := tx.AuditSince(0, 0)
		if len(log) != events {
			t.Errorf("audit log has %d events, want %d", len(log), events)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
