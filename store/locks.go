package store

import (
	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// AcquireLock records that l.PromotionID holds l.Service in l.Env.
// Acquiring a lock the same promotion already holds changes nothing. It
// returns CodeConflict naming the holding promotion and its requester if
// another promotion holds the pair, CodeInvalid if Service, Env or
// PromotionID is empty or contains a NUL byte, or a bbolt error.
func (t *Tx) AcquireLock(l deploy.Lock) error {
	if err := checkLock(l.Service, l.Env, l.PromotionID); err != nil {
		return err
	}
	held, err := t.GetLock(l.Service, l.Env)
	if err != nil {
		return err
	}
	if held != nil {
		if held.PromotionID == l.PromotionID {
			return nil
		}
		return heldBy(*held)
	}
	v, err := encodeLock(l)
	if err != nil {
		return err
	}
	return t.put(bucketLocks, pairKey(l.Service, l.Env), v, "lock of "+l.Service+"/"+l.Env)
}

// ReleaseLock frees service in env if promotionID holds it; releasing a
// free pair does nothing. It returns CodeConflict naming the holder if
// another promotion holds the pair, CodeInvalid for an empty or NUL-bearing
// argument, or a bbolt error.
func (t *Tx) ReleaseLock(service, env, promotionID string) error {
	if err := checkLock(service, env, promotionID); err != nil {
		return err
	}
	held, err := t.GetLock(service, env)
	if err != nil || held == nil {
		return err
	}
	if held.PromotionID != promotionID {
		return heldBy(*held)
	}
	return t.del(bucketLocks, pairKey(service, env), "lock of "+service+"/"+env)
}

// GetLock returns the lock on service in env, or nil if the pair is free.
// It returns an error wrapping ErrCorrupt if the stored lock cannot be
// decoded.
func (t *Tx) GetLock(service, env string) (*deploy.Lock, error) {
	b, err := t.bucket(bucketLocks)
	if err != nil {
		return nil, err
	}
	v := b.Get(pairKey(service, env))
	if v == nil {
		return nil, nil
	}
	l, err := decodeLock(v)
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// Locks returns every lock held, ordered by service, then environment. It
// returns an error wrapping ErrCorrupt if a lock cannot be decoded.
func (t *Tx) Locks() ([]deploy.Lock, error) {
	b, err := t.bucket(bucketLocks)
	if err != nil {
		return nil, err
	}
	var out []deploy.Lock
	err = b.ForEach(func(_, v []byte) error {
		l, err := decodeLock(v)
		out = append(out, l)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkLock validates the names a lock key is built from.
func checkLock(service, env, promotionID string) error {
	if err := checkName("lock service", service); err != nil {
		return err
	}
	if err := checkName("lock environment", env); err != nil {
		return err
	}
	return checkName("lock promotion ID", promotionID)
}

// heldBy is the conflict reported when another promotion holds a pair.
func heldBy(l deploy.Lock) error {
	holder := ""
	if l.Holder != "" {
		holder = " requested by " + l.Holder
	}
	since := ""
	if !l.Since.IsZero() {
		since = " since " + l.Since.UTC().Format("2006-01-02 15:04 MST")
	}
	return fault.Errorf(fault.CodeConflict, "%s in %s is locked by promotion %s%s%s",
		l.Service, l.Env, l.PromotionID, holder, since)
}

// AcquireLock is Tx.AcquireLock in a transaction of its own.
func (s *Store) AcquireLock(l deploy.Lock) error {
	return s.Update(func(tx *Tx) error { return tx.AcquireLock(l) })
}

// ReleaseLock is Tx.ReleaseLock in a transaction of its own.
func (s *Store) ReleaseLock(service, env, promotionID string) error {
	return s.Update(func(tx *Tx) error { return tx.ReleaseLock(service, env, promotionID) })
}

// GetLock is Tx.GetLock in a transaction of its own.
func (s *Store) GetLock(service, env string) (*deploy.Lock, error) {
	return view(s, func(tx *Tx) (*deploy.Lock, error) { return tx.GetLock(service, env) })
}

// Locks is Tx.Locks in a transaction of its own.
func (s *Store) Locks() ([]deploy.Lock, error) {
	return view(s, (*Tx).Locks)
}
