package serve

import (
	"time"

	"github.com/deploybot/deploybot/bot"
	"github.com/deploybot/deploybot/store"
)

// botQueue adapts the store to the bot's job queue: the bot declares the
// Queue it needs and its own Job, and does not import the store. Each
// method is the store's, in a transaction of its own. (bot's tests keep a
// copy, storeQueue, since they cannot import this package.)
type botQueue struct{ s *store.Store }

var _ bot.Queue = botQueue{}

func (q botQueue) AcceptJobs(batch []bot.Accept, now time.Time) ([]bot.Accepted, error) {
	in := make([]store.Accept, len(batch))
	for i, a := range batch {
		in[i] = store.Accept{Job: store.Job(a.Job)}
		for _, c := range a.Claims {
			in[i].Claims = append(in[i].Claims, store.Claim(c))
		}
	}
	res, err := q.s.AcceptJobs(in, now)
	out := make([]bot.Accepted, len(res))
	for i, r := range res {
		out[i] = bot.Accepted(r)
	}
	return out, err
}

func (q botQueue) PutJob(j bot.Job) error { return q.s.PutJob(store.Job(j)) }

func (q botQueue) Jobs() ([]bot.Job, error) {
	js, err := q.s.Jobs()
	out := make([]bot.Job, len(js))
	for i, j := range js {
		out[i] = bot.Job(j)
	}
	return out, err
}

func (q botQueue) DeleteJob(id string) error { return q.s.DeleteJob(id) }

func (q botQueue) ClaimKey(key string, ttl time.Duration, now time.Time) (bool, error) {
	return q.s.ClaimKey(key, ttl, now)
}

func (q botQueue) ReleaseKey(key string) error { return q.s.ReleaseKey(key) }
