package store

import (
	"bytes"
	"time"
)

// ClaimKey claims a de-duplication key (for example a promotion ID plus an
// action, or a Slack envelope ID) for ttl from now. It returns true if the
// key was free, or its earlier claim had expired (now is at or past
// earlier-claim-time + ttl), and false if a live claim exists, which means
// the request is a repeat. It returns CodeInvalid if key is empty, ttl is
// not positive or now+ttl is outside 1970..2261, or a bbolt error.
func (t *Tx) ClaimKey(key string, ttl time.Duration, now time.Time) (bool, error) {
	expiry, err := checkClaim(key, ttl, now)
	if err != nil {
		return false, err
	}
	b, err := t.bucket(bucketDedup)
	if err != nil {
		return false, err
	}
	if old, ok := readU64(b.Get([]byte(key))); ok {
		if nanosOf(now) < old {
			return false, nil
		}
		if err := t.del(bucketDedupExpiry, expiryKey(old, key), "expiry of key "+key); err != nil {
			return false, err
		}
	}
	if err := b.Put([]byte(key), u64(expiry)); err != nil {
		return false, writeErr("de-duplication key "+key, err)
	}
	if err := t.put(bucketDedupExpiry, expiryKey(expiry, key), nil, "expiry of key "+key); err != nil {
		return false, err
	}
	return true, nil
}

// checkClaim returns the expiry of a claim of key for ttl from now, or
// CodeInvalid if key is empty, ttl is not positive or the expiry is
// outside 1970..2261.
func checkClaim(key string, ttl time.Duration, now time.Time) (uint64, error) {
	if key == "" || ttl <= 0 {
		return 0, invalidf("de-duplication key %q with time to live %s: need a key and a positive time", key, ttl)
	}
	expiry, ok := nanos(now.Add(ttl))
	if !ok {
		return 0, invalidf("de-duplication key %q: expiry %s is outside 1970..2261", key, now.Add(ttl))
	}
	return expiry, nil
}

// keyClaimed reports whether key has a live claim at now.
func (t *Tx) keyClaimed(key string, now time.Time) (bool, error) {
	b, err := t.bucket(bucketDedup)
	if err != nil {
		return false, err
	}
	old, ok := readU64(b.Get([]byte(key)))
	return ok && nanosOf(now) < old, nil
}

// nanosOf returns t in unix nanoseconds, 0 before 1970: for comparing with
// an expiry, which is always positive.
func nanosOf(t time.Time) uint64 {
	if n, ok := nanos(t); ok {
		return n
	}
	if t.Before(minTime) {
		return 0
	}
	return ^uint64(0)
}

// PurgeExpiredKeys deletes every key whose claim expired at or before now
// and returns how many it deleted. Expired keys are also reclaimable
// without a purge; purging only keeps the file small. It returns a bbolt
// error if a delete fails, with nothing deleted.
func (t *Tx) PurgeExpiredKeys(now time.Time) (int, error) {
	idx, err := t.bucket(bucketDedupExpiry)
	if err != nil {
		return 0, err
	}
	limit := nanosOf(now)
	var expired [][]byte
	c := idx.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		exp, ok := readU64(k[:min(8, len(k))])
		if !ok || exp > limit {
			break
		}
		expired = append(expired, append([]byte(nil), k...))
	}
	for _, k := range expired {
		if err := t.purge(k); err != nil {
			return 0, err
		}
	}
	return len(expired), nil
}

// purge deletes the expiry index entry k and its key, unless the key was
// claimed again with another expiry.
func (t *Tx) purge(k []byte) error {
	keys, err := t.bucket(bucketDedup)
	if err != nil {
		return err
	}
	key := k[8:]
	if bytes.Equal(keys.Get(key), k[:8]) {
		if err := keys.Delete(key); err != nil {
			return writeErr("de-duplication key "+string(key), err)
		}
	}
	return t.del(bucketDedupExpiry, k, "expiry of key "+string(key))
}

// ReleaseKey forgets the claim of key, so that the next ClaimKey of it is
// fresh: for a request that failed without doing anything, which the
// person is told to try again. Releasing a key that is not claimed does
// nothing. It returns a bbolt error if a delete fails.
func (t *Tx) ReleaseKey(key string) error {
	b, err := t.bucket(bucketDedup)
	if err != nil {
		return err
	}
	old, ok := readU64(b.Get([]byte(key)))
	if !ok {
		return nil
	}
	if err := b.Delete([]byte(key)); err != nil {
		return writeErr("de-duplication key "+key, err)
	}
	return t.del(bucketDedupExpiry, expiryKey(old, key), "expiry of key "+key)
}

// ReleaseKey is Tx.ReleaseKey in a transaction of its own.
func (s *Store) ReleaseKey(key string) error {
	return s.Update(func(tx *Tx) error { return tx.ReleaseKey(key) })
}

// ClaimKey is Tx.ClaimKey in a transaction of its own.
func (s *Store) ClaimKey(key string, ttl time.Duration, now time.Time) (bool, error) {
	return update(s, func(tx *Tx) (bool, error) { return tx.ClaimKey(key, ttl, now) })
}

// PurgeExpiredKeys is Tx.PurgeExpiredKeys in a transaction of its own.
func (s *Store) PurgeExpiredKeys(now time.Time) (int, error) {
	return update(s, func(tx *Tx) (int, error) { return tx.PurgeExpiredKeys(now) })
}
