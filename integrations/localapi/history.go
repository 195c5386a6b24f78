package localapi

import "github.com/deploybot/deploybot/deploy"

// HistoryReader is what history needs of the store.
type HistoryReader interface {
	AuditSince(seq uint64, limit int) ([]deploy.AuditEvent, error)
	GetPromotion(id string) (deploy.Promotion, error)
}

// Filter selects the events of one service (and environment), by their
// canonical names; empty fields match everything.
type Filter struct{ Service, Env string }

// ReadHistory returns up to limit events after sequence number after that
// f selects, each with its promotion's service and environment, and the
// sequence number to read after next (0 when the log is read to its
// end). It returns the store's errors.
func ReadHistory(st HistoryReader, f Filter, after uint64, limit int) (HistoryPage, error) {
	page := HistoryPage{Events: []Event{}}
	promotions := map[string]deploy.Promotion{}
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
			page.Events = append(page.Events, Event{Seq: ev.Seq, At: ev.At, PromotionID: ev.PromotionID,
				Service: p.Service, Env: p.Env, Actor: ev.Actor, Action: ev.Action, From: ev.From, To: ev.To, Reason: ev.Reason})
			if len(page.Events) == limit {
				break
			}
		}
	}
	page.Next = seq
	return page, nil
}
