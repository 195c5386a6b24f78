package store

import (
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// Engine adapts a *Store to deploy.Store: every method is one
// transaction. Store's own methods return audit sequence numbers and take
// no part in locking, so the adapter is a type of its own.
type Engine struct {
	s *Store
}

var _ deploy.Store = Engine{}

// ForEngine returns s as the engine's deploy.Store.
func ForEngine(s *Store) Engine { return Engine{s: s} }

// CreatePromotion implements deploy.Store: in one transaction it takes the
// lock when p.HoldsLock(), records p and appends ev. A pair held by
// another promotion (AllServices overlapping every service of the
// environment) is a CodeConflict *deploy.Error in CheckInFlight's words.
func (e Engine) CreatePromotion(p deploy.Promotion, ev deploy.AuditEvent) error {
	return e.s.Update(func(tx *Tx) error {
		if p.HoldsLock() {
			if err := tx.lockFor(p); err != nil {
				return err
			}
		}
		if err := tx.PutPromotion(p); err != nil {
			return err
		}
		_, err := tx.AppendAudit(ev)
		return err
	})
}

// lockFor takes the lock of p's service and environment, refusing when an
// overlapping pair of the environment is held by another promotion.
func (t *Tx) lockFor(p deploy.Promotion) error {
	locks, err := t.Locks()
	if err != nil {
		return err
	}
	for _, l := range locks {
		if l.PromotionID == p.ID {
			continue
		}
		if err := deploy.CheckInFlight(p.Service, p.Env, &l, p.CreatedAt); err != nil {
			return err
		}
	}
	return t.AcquireLock(deploy.Lock{Service: p.Service, Env: p.Env, PromotionID: p.ID,
		Holder: p.Requester, Since: p.CreatedAt})
}

// UpdatePromotion implements deploy.Store: load, fn, store, append the
// events fn returns, and release the lock once p no longer holds it, all
// in one transaction. fn's error is returned unchanged and nothing is
// written; a missing promotion is CodeNotFound.
func (e Engine) UpdatePromotion(id string, fn func(p *deploy.Promotion) ([]deploy.AuditEvent, error)) (deploy.Promotion, error) {
	return update(e.s, func(tx *Tx) (deploy.Promotion, error) {
		p, err := tx.GetPromotion(id)
		if err != nil {
			return deploy.Promotion{}, err
		}
		evs, err := fn(&p)
		if err != nil {
			return deploy.Promotion{}, err
		}
		if err := tx.PutPromotion(p); err != nil {
			return deploy.Promotion{}, err
		}
		for _, ev := range evs {
			if _, err := tx.AppendAudit(ev); err != nil {
				return deploy.Promotion{}, err
			}
		}
		if p.HoldsLock() {
			return p, nil
		}
		return p, tx.releaseOwn(p)
	})
}

// releaseOwn frees p's pair if p holds it; a pair held by another
// promotion, or free, is left alone.
func (t *Tx) releaseOwn(p deploy.Promotion) error {
	held, err := t.GetLock(p.Service, p.Env)
	if err != nil || held == nil || held.PromotionID != p.ID {
		return err
	}
	return t.ReleaseLock(p.Service, p.Env, p.ID)
}

// GetPromotion implements deploy.Store.
func (e Engine) GetPromotion(id string) (deploy.Promotion, error) { return e.s.GetPromotion(id) }

// LatestPromotions implements deploy.Store.
func (e Engine) LatestPromotions(service, env string, n int) ([]deploy.Promotion, error) {
	return e.s.LatestPromotions(service, env, n)
}

// ActivePromotions implements deploy.Store.
func (e Engine) ActivePromotions() ([]deploy.Promotion, error) { return e.s.ActivePromotions() }

// AppendAudit implements deploy.Store.
func (e Engine) AppendAudit(ev deploy.AuditEvent) error {
	_, err := e.s.AppendAudit(ev)
	return err
}

// Audit implements deploy.Store.
func (e Engine) Audit(promotionID string) ([]deploy.AuditEvent, error) { return e.s.Audit(promotionID) }

// AuditSince implements deploy.Store.
func (e Engine) AuditSince(seq uint64, limit int) ([]deploy.AuditEvent, error) {
	return e.s.AuditSince(seq, limit)
}

// ClaimKey implements deploy.Store.
func (e Engine) ClaimKey(key string, ttl time.Duration, now time.Time) (bool, error) {
	return e.s.ClaimKey(key, ttl, now)
}
