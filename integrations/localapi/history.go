package localapi

import "github.com/deploybot/deploybot/deploy"

// HistoryReader is what history needs of the store.
type HistoryReader = deploy.HistoryStore

// Filter selects the events of one service (and environment), by their
// canonical names; empty fields match everything.
type Filter = deploy.HistoryFilter

// ReadHistory is deploy.ReadHistory in the API's wire form: up to limit
// events after sequence number after that f selects, each with its
// promotion's service and environment, and the sequence number to read
// after next (0 when the log is read to its end). It returns the store's
// errors.
func ReadHistory(st HistoryReader, f Filter, after uint64, limit int) (HistoryPage, error) {
	h, err := deploy.ReadHistory(st, f, after, limit)
	if err != nil {
		return HistoryPage{}, err
	}
	page := HistoryPage{Events: make([]Event, 0, len(h.Events)), Next: h.Next}
	for _, ev := range h.Events {
		page.Events = append(page.Events, Event(ev)) // Event is HistoryEvent with JSON names
	}
	return page, nil
}
