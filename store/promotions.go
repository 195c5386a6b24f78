package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// PutPromotion creates or replaces the promotion with p.ID and keeps the
// indexes in step: the newest-first index by service and environment, and
// the index of promotions in a non-final state. It returns CodeInvalid if
// p.ID, p.Service or p.Env is empty or contains a NUL byte or p.CreatedAt
// is outside 1970..2261, CodeInternal if a replacement changes Service,
// Env or CreatedAt (they never change after creation), or a bbolt error.
func (t *Tx) PutPromotion(p deploy.Promotion) error {
	created, err := checkPromotion(p)
	if err != nil {
		return err
	}
	b, err := t.bucket(bucketPromotions)
	if err != nil {
		return err
	}
	if old := b.Get([]byte(p.ID)); old != nil {
		if err := checkImmutable(old, p); err != nil {
			return err
		}
	}
	v, err := encodePromotion(p)
	if err != nil {
		return err
	}
	if err := b.Put([]byte(p.ID), v); err != nil {
		return writeErr("promotion "+p.ID, err)
	}
	key := envIndexKey(p.Service, p.Env, created, p.ID)
	if err := t.put(bucketPromotionsByEnv, key, nil, "promotion index of "+p.ID); err != nil {
		return err
	}
	if p.State.Final() {
		return t.del(bucketActive, []byte(p.ID), "active index of "+p.ID)
	}
	return t.put(bucketActive, []byte(p.ID), nil, "active index of "+p.ID)
}

// checkPromotion validates the fields keys are built from and returns
// CreatedAt as index nanoseconds.
func checkPromotion(p deploy.Promotion) (uint64, error) {
	for _, f := range []struct{ name, v string }{
		{"promotion ID", p.ID}, {"promotion service", p.Service}, {"promotion environment", p.Env},
	} {
		if err := checkName(f.name, f.v); err != nil {
			return 0, err
		}
	}
	created, ok := nanos(p.CreatedAt)
	if !ok {
		return 0, invalidf("promotion %s: CreatedAt %s is outside 1970..2261", p.ID, p.CreatedAt)
	}
	return created, nil
}

// checkImmutable returns CodeInternal if p changes a field the indexes
// are keyed on compared with the stored old value.
func checkImmutable(old []byte, p deploy.Promotion) error {
	var f immutableFields
	if err := json.Unmarshal(old, &f); err != nil {
		return fmt.Errorf("store: decode promotion %s: %w: %w", p.ID, ErrCorrupt, err)
	}
	if f.Service != p.Service || f.Env != p.Env || !f.CreatedAt.Equal(p.CreatedAt) {
		return internalf("promotion %s: service, environment and creation time cannot change "+
			"(stored %s/%s created %s, given %s/%s created %s)",
			p.ID, f.Service, f.Env, f.CreatedAt, p.Service, p.Env, p.CreatedAt)
	}
	return nil
}

// GetPromotion returns the promotion with id. It returns CodeNotFound
// naming id if there is none, or an error wrapping ErrCorrupt if the
// stored value cannot be decoded.
func (t *Tx) GetPromotion(id string) (deploy.Promotion, error) {
	b, err := t.bucket(bucketPromotions)
	if err != nil {
		return deploy.Promotion{}, err
	}
	v := b.Get([]byte(id))
	if v == nil {
		return deploy.Promotion{}, fault.Errorf(fault.CodeNotFound, "there is no promotion %q", id)
	}
	return decodePromotion(id, v)
}

// LatestPromotions returns at most n promotions of service in env, newest
// (by CreatedAt) first; none if n <= 0 or there are none. It reads only
// the entries it returns, so its cost does not grow with the store. It
// returns an error wrapping ErrCorrupt if the index names a missing or
// undecodable promotion.
func (t *Tx) LatestPromotions(service, env string, n int) ([]deploy.Promotion, error) {
	if n <= 0 {
		return nil, nil
	}
	idx, err := t.bucket(bucketPromotionsByEnv)
	if err != nil {
		return nil, err
	}
	prefix := envPrefix(service, env)
	// The first key after every key with prefix: bump the final separator.
	end := append(bytes.Clone(prefix[:len(prefix)-1]), sep+1)
	c := idx.Cursor()
	k, _ := c.Seek(end)
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	var out []deploy.Promotion
	for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < n; k, _ = c.Prev() {
		p, err := t.indexed(k, len(prefix))
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// indexed returns the promotion an index key of prefix length plen names.
func (t *Tx) indexed(k []byte, plen int) (deploy.Promotion, error) {
	id, ok := envIndexID(k, plen)
	if !ok {
		return deploy.Promotion{}, fmt.Errorf("store: promotion index key %x is malformed: %w", k, ErrCorrupt)
	}
	return t.mustPromotion(id, "promotion index")
}

// mustPromotion returns a promotion an index names; its absence means
// the file was damaged.
func (t *Tx) mustPromotion(id, index string) (deploy.Promotion, error) {
	p, err := t.GetPromotion(id)
	if fault.ErrorCode(err) == fault.CodeNotFound {
		return p, fmt.Errorf("store: %s names missing promotion %q: %w", index, id, ErrCorrupt)
	}
	return p, err
}

// ActivePromotions returns every promotion in a non-final state, oldest
// (by CreatedAt, then ID) first: the work to resume after a restart. It
// returns an error wrapping ErrCorrupt if the index names a missing or
// undecodable promotion.
func (t *Tx) ActivePromotions() ([]deploy.Promotion, error) {
	b, err := t.bucket(bucketActive)
	if err != nil {
		return nil, err
	}
	var out []deploy.Promotion
	err = b.ForEach(func(k, _ []byte) error {
		p, err := t.mustPromotion(string(k), "active index")
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b deploy.Promotion) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// PutPromotion is Tx.PutPromotion in a transaction of its own.
func (s *Store) PutPromotion(p deploy.Promotion) error {
	return s.Update(func(tx *Tx) error { return tx.PutPromotion(p) })
}

// GetPromotion is Tx.GetPromotion in a transaction of its own.
func (s *Store) GetPromotion(id string) (deploy.Promotion, error) {
	return view(s, func(tx *Tx) (deploy.Promotion, error) { return tx.GetPromotion(id) })
}

// LatestPromotions is Tx.LatestPromotions in a transaction of its own.
func (s *Store) LatestPromotions(service, env string, n int) ([]deploy.Promotion, error) {
	return view(s, func(tx *Tx) ([]deploy.Promotion, error) { return tx.LatestPromotions(service, env, n) })
}

// ActivePromotions is Tx.ActivePromotions in a transaction of its own.
func (s *Store) ActivePromotions() ([]deploy.Promotion, error) {
	return view(s, (*Tx).ActivePromotions)
}
