package store

import (
	"bytes"
	"fmt"

	"github.com/deploybot/deploybot/deploy"
)

// AppendAudit appends e to the audit log and returns the sequence number it
// was given, one more than the last; e.Seq is ignored. The log has no
// update or delete. It returns CodeInvalid if e.PromotionID contains a NUL
// byte, or a bbolt error.
func (t *Tx) AppendAudit(e deploy.AuditEvent) (uint64, error) {
	if e.PromotionID != "" {
		if err := checkName("audit event promotion ID", e.PromotionID); err != nil {
			return 0, err
		}
	}
	b, err := t.bucket(bucketAudit)
	if err != nil {
		return 0, err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return 0, writeErr("audit sequence", err)
	}
	e.Seq = seq
	v, err := encodeAudit(e)
	if err != nil {
		return 0, err
	}
	if err := b.Put(u64(seq), v); err != nil {
		return 0, writeErr(fmt.Sprintf("audit event %d", seq), err)
	}
	if e.PromotionID == "" {
		return seq, nil
	}
	key := auditIndexKey(e.PromotionID, seq)
	if err := t.put(bucketAuditByPromotion, key, nil, fmt.Sprintf("audit index of %d", seq)); err != nil {
		return 0, err
	}
	return seq, nil
}

// Audit returns the audit events of one promotion in the order they were
// appended; none if it has none. It returns an error wrapping ErrCorrupt
// if the index names a missing or undecodable event.
func (t *Tx) Audit(promotionID string) ([]deploy.AuditEvent, error) {
	idx, err := t.bucket(bucketAuditByPromotion)
	if err != nil {
		return nil, err
	}
	log, err := t.bucket(bucketAudit)
	if err != nil {
		return nil, err
	}
	prefix := append([]byte(promotionID), sep)
	var out []deploy.AuditEvent
	c := idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		seq, ok := readU64(k[len(prefix):])
		if !ok {
			return nil, fmt.Errorf("store: audit index key %x is malformed: %w", k, ErrCorrupt)
		}
		v := log.Get(k[len(prefix):])
		if v == nil {
			return nil, fmt.Errorf("store: audit index names missing event %d: %w", seq, ErrCorrupt)
		}
		e, err := decodeAudit(seq, v)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// AuditSince returns the events with a sequence number greater than seq, in
// order, at most limit of them (all if limit <= 0). It returns an error
// wrapping ErrCorrupt if an event cannot be decoded.
func (t *Tx) AuditSince(seq uint64, limit int) ([]deploy.AuditEvent, error) {
	b, err := t.bucket(bucketAudit)
	if err != nil {
		return nil, err
	}
	if seq == ^uint64(0) {
		return nil, nil
	}
	var out []deploy.AuditEvent
	c := b.Cursor()
	for k, v := c.Seek(u64(seq + 1)); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
		n, ok := readU64(k)
		if !ok {
			return nil, fmt.Errorf("store: audit key %x is malformed: %w", k, ErrCorrupt)
		}
		e, err := decodeAudit(n, v)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// AppendAudit is Tx.AppendAudit in a transaction of its own.
func (s *Store) AppendAudit(e deploy.AuditEvent) (uint64, error) {
	return update(s, func(tx *Tx) (uint64, error) { return tx.AppendAudit(e) })
}

// Audit is Tx.Audit in a transaction of its own.
func (s *Store) Audit(promotionID string) ([]deploy.AuditEvent, error) {
	return view(s, func(tx *Tx) ([]deploy.AuditEvent, error) { return tx.Audit(promotionID) })
}

// AuditSince is Tx.AuditSince in a transaction of its own.
func (s *Store) AuditSince(seq uint64, limit int) ([]deploy.AuditEvent, error) {
	return view(s, func(tx *Tx) ([]deploy.AuditEvent, error) { return tx.AuditSince(seq, limit) })
}
