package store

import (
	"encoding/binary"
	"strings"
	"time"
)

// sep separates the parts of a composite key. Names that go into a
// composite key may not contain it (see checkName).
const sep = 0x00

// minTime and maxTime bound the times the store can order: unix nanoseconds
// must be positive and fit in an int64.
var (
	minTime = time.Unix(0, 1)
	maxTime = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

// u64 encodes v as 8 bytes big-endian, so keys sort numerically.
func u64(v uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), v)
}

// readU64 decodes 8 big-endian bytes; ok is false for any other length.
func readU64(b []byte) (v uint64, ok bool) {
	if len(b) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}

// nanos returns t as positive unix nanoseconds; ok is false outside
// 1970..2262, which the index cannot order.
func nanos(t time.Time) (uint64, bool) {
	if t.Before(minTime) || !t.Before(maxTime) {
		return 0, false
	}
	return uint64(t.UnixNano()), true
}

// join builds parts[0] \x00 parts[1] \x00 … with capacity for extra bytes.
func join(extra int, parts ...string) []byte {
	n := extra
	for _, p := range parts {
		n += len(p) + 1
	}
	k := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			k = append(k, sep)
		}
		k = append(k, p...)
	}
	return k
}

// envPrefix is the promotions_by_env prefix of every entry for one pair:
// service\x00env\x00.
func envPrefix(service, env string) []byte {
	return append(join(1, service, env), sep)
}

// envIndexKey is service\x00env\x00<created, 8 bytes BE>\x00id.
func envIndexKey(service, env string, created uint64, id string) []byte {
	k := envPrefix(service, env)
	k = binary.BigEndian.AppendUint64(k, created)
	k = append(k, sep)
	return append(k, id...)
}

// envIndexID returns the promotion ID at the end of an index key whose
// prefix has length plen; ok is false if the key is too short.
func envIndexID(k []byte, plen int) (string, bool) {
	start := plen + 8 + 1
	if len(k) <= start || k[start-1] != sep {
		return "", false
	}
	return string(k[start:]), true
}

// pairKey is service\x00env, the key of a lock.
func pairKey(service, env string) []byte {
	return join(0, service, env)
}

// auditIndexKey is promotionID\x00<seq, 8 bytes BE>.
func auditIndexKey(promotionID string, seq uint64) []byte {
	k := append(join(9, promotionID), sep)
	return binary.BigEndian.AppendUint64(k, seq)
}

// expiryKey is <expiry unix nanos, 8 bytes BE>key.
func expiryKey(expiry uint64, key string) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(key)), expiry)
	return append(k, key...)
}

// checkName returns an invalid-argument error if v, the value of field,
// is empty or contains the key separator.
func checkName(field, v string) error {
	if v == "" {
		return invalidf("%s is empty", field)
	}
	if strings.IndexByte(v, sep) >= 0 {
		return invalidf("%s %q contains a NUL byte", field, v)
	}
	return nil
}
