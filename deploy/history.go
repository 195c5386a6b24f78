package deploy

import "time"

// HistoryStore is what ReadHistory reads: the audit log and the
// promotions its events name. Store has both, and so does the store
// opened read-only when no serve runs.
type HistoryStore interface {
	AuditSince(seq uint64, limit int) ([]AuditEvent, error)
	GetPromotion(id string) (Promotion, error)
}

// HistoryFilter selects the audit events of one service (and
// environment), by their canonical names; empty fields match everything.
type HistoryFilter struct{ Service, Env string }

// HistoryEvent is one audit event as history shows it, with the service
// and environment of its promotion (empty when it has none, or it is
// gone).
type HistoryEvent struct {
	Seq         uint64
	At          time.Time
	PromotionID string
	Service     string
	Env         string
	Actor       string
	Action      string
	From, To    State
	Reason      string
}

// HistoryPage is one page of history: the events after the requested
// sequence number that the filter selects, and the sequence number to
// read after next (0 when the log is read to its end).
type HistoryPage struct {
	Events []HistoryEvent
	Next   uint64
}

// ReadHistory returns up to limit events of st's audit log after
// sequence number after that f selects, each with its promotion's
// service and environment. It returns the store's errors.
func ReadHistory(st HistoryStore, f HistoryFilter, after uint64, limit int) (HistoryPage, error) {
	page := HistoryPage{Events: []HistoryEvent{}}
	promotions := map[string]Promotion{}
	seq := after
	for len(page.Events) < limit {
		evs, err := st.AuditSince(seq, limit)
		if err != nil {
			return HistoryPage{}, err
		}
		if len(evs) == 0 {
			return page, nil
		}
		for _, ev := range evs {
			seq = ev.Seq
			p, ok := promotions[ev.PromotionID]
			if !ok && ev.PromotionID != "" {
				p, _ = st.GetPromotion(ev.PromotionID) // an event of a promotion since removed still shows
				promotions[ev.PromotionID] = p
			}
			if (f.Service != "" && p.Service != f.Service) || (f.Env != "" && p.Env != f.Env) {
				continue
			}
			page.Events = append(page.Events, HistoryEvent{Seq: ev.Seq, At: ev.At, PromotionID: ev.PromotionID,
				Service: p.Service, Env: p.Env, Actor: ev.Actor, Action: ev.Action, From: ev.From, To: ev.To, Reason: ev.Reason})
			if len(page.Events) == limit {
				break
			}
		}
	}
	page.Next = seq
	return page, nil
}
