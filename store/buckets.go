package store

// Top-level buckets. Every bucket is created by Open (see schema.go); a
// missing bucket in an open store means the file was damaged.
var (
	// bucketMeta holds keySchema: the schema version, 8 bytes big-endian.
	bucketMeta = []byte("meta")
	// bucketPromotions maps a promotion ID to its JSON (promotionRecord).
	bucketPromotions = []byte("promotions")
	// bucketPromotionsByEnv is the newest-first index:
	// service\x00env\x00<CreatedAt unix nanos, 8 bytes BE>\x00id -> empty.
	bucketPromotionsByEnv = []byte("promotions_by_env")
	// bucketActive holds the ID of every promotion not in a final state.
	bucketActive = []byte("promotions_active")
	// bucketAudit maps a sequence number (8 bytes BE) to an auditRecord.
	bucketAudit = []byte("audit")
	// bucketAuditByPromotion is promotionID\x00<seq, 8 bytes BE> -> empty.
	bucketAuditByPromotion = []byte("audit_by_promotion")
	// bucketLocks maps service\x00env to a lockRecord.
	bucketLocks = []byte("locks")
	// bucketWatches maps a promotion ID to a Watch.
	bucketWatches = []byte("watches")
	// bucketDedup maps a de-duplication key to its expiry (unix nanos, BE).
	bucketDedup = []byte("dedup_keys")
	// bucketDedupExpiry is <expiry unix nanos, 8 bytes BE>key -> empty.
	bucketDedupExpiry = []byte("dedup_expiry")
	// bucketJobs maps a job ID to a Job (JSON): work accepted from Slack
	// and not yet finished.
	bucketJobs = []byte("jobs")
)

// bucketsAdded lists, per schema version after the first, the buckets that
// version added; opening an older file for writing creates them (see
// migrate in schema.go).
var bucketsAdded = map[uint64][][]byte{
	2: {bucketJobs},
}

// allBuckets lists every bucket of the current schema.
var allBuckets = [][]byte{
	bucketMeta, bucketPromotions, bucketPromotionsByEnv, bucketActive,
	bucketAudit, bucketAuditByPromotion, bucketLocks, bucketWatches,
	bucketDedup, bucketDedupExpiry, bucketJobs,
}

// appendFill is the fill percent of buckets whose keys mostly arrive in
// increasing order within their key range (sequence numbers, creation
// times, time-ordered IDs). bbolt's default, 0.5, splits a full page into
// halves, and with appends the left half never fills again, so such a
// bucket would stay half empty; 0.9 leaves room for a value to grow.
const appendFill = 0.9

// appendBuckets get appendFill in write transactions.
var appendBuckets = map[string]bool{
	string(bucketPromotions): true, string(bucketPromotionsByEnv): true,
	string(bucketAudit): true, string(bucketAuditByPromotion): true,
}

// keySchema is the meta key holding the schema version.
var keySchema = []byte("schema")

// schemaVersion is the layout this code reads and writes. Bump it, and add
// a migration in schema.go, when a change would confuse an older binary.
const schemaVersion uint64 = 2
