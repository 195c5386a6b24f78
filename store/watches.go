package store

import (
	"slices"
	"strings"
	"time"
)

// Watch is a rollout being watched after a merge, stored so that a restart
// resumes it with its original deadline.
type Watch struct {
	PromotionID  string    `json:"promotionID"`
	App          string    `json:"app"` // the Argo CD Application
	Env          string    `json:"env"`
	StartedAt    time.Time `json:"startedAt"`
	Deadline     time.Time `json:"deadline"`              // the watch window ends
	HealthySince time.Time `json:"healthySince,omitzero"` // zero until Healthy
	LastObserved time.Time `json:"lastObserved,omitzero"` // the latest observation
}

// PutWatch creates or replaces the watch of w.PromotionID. It returns
// CodeInvalid if w.PromotionID is empty or contains a NUL byte, or a bbolt
// error.
func (t *Tx) PutWatch(w Watch) error {
	if err := checkName("watch promotion ID", w.PromotionID); err != nil {
		return err
	}
	v, err := encodeWatch(w)
	if err != nil {
		return err
	}
	return t.put(bucketWatches, []byte(w.PromotionID), v, "watch of "+w.PromotionID)
}

// DeleteWatch removes the watch of promotionID; removing an absent watch
// does nothing. It returns a bbolt error if the write fails.
func (t *Tx) DeleteWatch(promotionID string) error {
	if promotionID == "" {
		return nil
	}
	return t.del(bucketWatches, []byte(promotionID), "watch of "+promotionID)
}

// Watches returns every watch, the earliest Deadline first (then by
// promotion ID). It returns an error wrapping ErrCorrupt if a watch cannot
// be decoded.
func (t *Tx) Watches() ([]Watch, error) {
	b, err := t.bucket(bucketWatches)
	if err != nil {
		return nil, err
	}
	var out []Watch
	err = b.ForEach(func(_, v []byte) error {
		w, err := decodeWatch(v)
		out = append(out, w)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Watch) int {
		if c := a.Deadline.Compare(b.Deadline); c != 0 {
			return c
		}
		return strings.Compare(a.PromotionID, b.PromotionID)
	})
	return out, nil
}

// PutWatch is Tx.PutWatch in a transaction of its own.
func (s *Store) PutWatch(w Watch) error {
	return s.Update(func(tx *Tx) error { return tx.PutWatch(w) })
}

// DeleteWatch is Tx.DeleteWatch in a transaction of its own.
func (s *Store) DeleteWatch(promotionID string) error {
	return s.Update(func(tx *Tx) error { return tx.DeleteWatch(promotionID) })
}

// Watches is Tx.Watches in a transaction of its own.
func (s *Store) Watches() ([]Watch, error) {
	return view(s, (*Tx).Watches)
}
