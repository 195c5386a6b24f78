package bot

import (
	"time"

	"github.com/deploybot/deploybot/store"
)

// storeQueue is the tests' Queue on a real store, so crash and restart
// tests exercise real commits. It is serve's adapter again: the tests are
// in package bot, and the wiring that holds the adapter imports bot, so
// they cannot import it (an import cycle); this copy stays apart for
// that reason alone.
type storeQueue struct{ s *store.Store }

func (q storeQueue) AcceptJobs(batch []Accept, now time.Time) ([]Accepted, error) {
	in := make([]store.Accept, len(batch))
	for i, a := range batch {
		in[i] = store.Accept{Job: store.Job(a.Job)}
		for _, c := range a.Claims {
			in[i].Claims = append(in[i].Claims, store.Claim(c))
		}
	}
	res, err := q.s.AcceptJobs(in, now)
	out := make([]Accepted, len(res))
	for i, r := range res {
		out[i] = Accepted(r)
	}
	return out, err
}

func (q storeQueue) PutJob(j Job) error { return q.s.PutJob(store.Job(j)) }

func (q storeQueue) Jobs() ([]Job, error) {
	js, err := q.s.Jobs()
	out := make([]Job, len(js))
	for i, j := range js {
		out[i] = Job(j)
	}
	return out, err
}

func (q storeQueue) DeleteJob(id string) error { return q.s.DeleteJob(id) }

func (q storeQueue) ClaimKey(key string, ttl time.Duration, now time.Time) (bool, error) {
	return q.s.ClaimKey(key, ttl, now)
}

func (q storeQueue) ReleaseKey(key string) error { return q.s.ReleaseKey(key) }
