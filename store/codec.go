package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// The stored form of each domain type is a struct with the same fields in
// the same order and the same types, differing only in JSON tags: Go
// allows converting between such structs, so a field added to, removed
// from or renamed in package deploy stops this file from compiling until
// the stored form is updated too. The tags fix the on-disk names and drop
// zero values (omitzero), which keeps a promotion to a few hundred bytes.

// promotionRecord is deploy.Promotion as stored in bucketPromotions.
type promotionRecord struct {
	ID              string                 `json:"id"`
	Kind            deploy.Kind            `json:"kind,omitzero"`
	Service         string                 `json:"service"`
	Env             string                 `json:"env"`
	Version         deploy.Version         `json:"version,omitzero"`
	PreviousVersion deploy.Version         `json:"previousVersion,omitzero"`
	Requester       string                 `json:"requester,omitzero"`
	Reason          string                 `json:"reason,omitzero"`
	Force           string                 `json:"force,omitzero"`
	Approvals       []deploy.Approval      `json:"approvals,omitempty"`
	State           deploy.State           `json:"state,omitzero"`
	StateReason     string                 `json:"stateReason,omitzero"`
	PR              deploy.PullRequest     `json:"pr,omitzero"`
	MergeSHA        string                 `json:"mergeSHA,omitzero"`
	RollbackOf      string                 `json:"rollbackOf,omitzero"`
	RolledBackBy    string                 `json:"rolledBackBy,omitzero"`
	Evidence        *deploy.Evidence       `json:"evidence,omitzero"`
	Rollout         *deploy.Rollout        `json:"rollout,omitzero"`
	Slack           deploy.MessageRef      `json:"slack,omitzero"`
	RequestedRef    string                 `json:"requestedRef,omitzero"`
	BaseSHA         string                 `json:"baseSHA,omitzero"`
	Files           []string               `json:"files,omitempty"`
	Changes         []deploy.ServiceChange `json:"changes,omitempty"`
	OriginAuthor    string                 `json:"originAuthor,omitzero"`
	Unapproved      string                 `json:"unapproved,omitzero"`
	Notified        deploy.State           `json:"notified,omitzero"`
	SyncStartedAt   time.Time              `json:"syncStartedAt,omitzero"`
	CreatedAt       time.Time              `json:"createdAt"`
	UpdatedAt       time.Time              `json:"updatedAt,omitzero"`
	MergedAt        time.Time              `json:"mergedAt,omitzero"`
	HealthyAt       time.Time              `json:"healthyAt,omitzero"`
	WatchUntil      time.Time              `json:"watchUntil,omitzero"`
	FinishedAt      time.Time              `json:"finishedAt,omitzero"`
}

// auditRecord is deploy.AuditEvent as stored in bucketAudit. Seq is the
// key, so it is not repeated in the value.
type auditRecord struct {
	Seq         uint64       `json:"-"`
	At          time.Time    `json:"at"`
	PromotionID string       `json:"promotionID,omitzero"`
	Actor       string       `json:"actor,omitzero"`
	Action      string       `json:"action"`
	From        deploy.State `json:"from,omitzero"`
	To          deploy.State `json:"to,omitzero"`
	Reason      string       `json:"reason,omitzero"`
}

// lockRecord is deploy.Lock as stored in bucketLocks.
type lockRecord struct {
	Service     string    `json:"service"`
	Env         string    `json:"env"`
	PromotionID string    `json:"promotionID"`
	Holder      string    `json:"holder,omitzero"`
	Since       time.Time `json:"since,omitzero"`
}

// immutableFields are the promotion fields the indexes are built from;
// decoding only them is cheaper than decoding a whole promotion.
type immutableFields struct {
	Service   string    `json:"service"`
	Env       string    `json:"env"`
	CreatedAt time.Time `json:"createdAt"`
}

func encodePromotion(p deploy.Promotion) ([]byte, error) {
	b, err := json.Marshal(promotionRecord(p))
	if err != nil {
		return nil, fmt.Errorf("store: encode promotion %s: %w", p.ID, err)
	}
	return b, nil
}

// decodePromotion decodes a stored promotion; json.Unmarshal copies, so
// the result does not alias v.
func decodePromotion(id string, v []byte) (deploy.Promotion, error) {
	var r promotionRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return deploy.Promotion{}, fmt.Errorf("store: decode promotion %s: %w: %w", id, ErrCorrupt, err)
	}
	return deploy.Promotion(r), nil
}

func encodeAudit(e deploy.AuditEvent) ([]byte, error) {
	b, err := json.Marshal(auditRecord(e))
	if err != nil {
		return nil, fmt.Errorf("store: encode audit event: %w", err)
	}
	return b, nil
}

func decodeAudit(seq uint64, v []byte) (deploy.AuditEvent, error) {
	var r auditRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return deploy.AuditEvent{}, fmt.Errorf("store: decode audit event %d: %w: %w", seq, ErrCorrupt, err)
	}
	r.Seq = seq
	return deploy.AuditEvent(r), nil
}

func encodeLock(l deploy.Lock) ([]byte, error) {
	b, err := json.Marshal(lockRecord(l))
	if err != nil {
		return nil, fmt.Errorf("store: encode lock: %w", err)
	}
	return b, nil
}

func decodeLock(v []byte) (deploy.Lock, error) {
	var r lockRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return deploy.Lock{}, fmt.Errorf("store: decode lock: %w: %w", ErrCorrupt, err)
	}
	return deploy.Lock(r), nil
}

func encodeWatch(w Watch) ([]byte, error) {
	b, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("store: encode watch %s: %w", w.PromotionID, err)
	}
	return b, nil
}

func decodeWatch(v []byte) (Watch, error) {
	var w Watch
	if err := json.Unmarshal(v, &w); err != nil {
		return Watch{}, fmt.Errorf("store: decode watch: %w: %w", ErrCorrupt, err)
	}
	return w, nil
}
