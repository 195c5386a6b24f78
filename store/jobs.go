package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Job is a unit of work accepted from a person (a Slack command or button
// click) and not yet finished: it is stored before the work starts and
// deleted when it ends, so a restart runs every unfinished job again.
type Job struct {
	ID        string          `json:"id"`                // unique, e.g. the Slack envelope ID
	Kind      string          `json:"kind"`              // what the payload is, for the owner
	Payload   json.RawMessage `json:"payload"`           // the owner's JSON
	CreatedAt time.Time       `json:"createdAt"`         // when it was accepted
	Attempts  int             `json:"attempts,omitzero"` // how many times it was started
}

// PutJob creates or replaces job j. It returns CodeInvalid if j.ID is
// empty or contains a NUL byte or j.Payload is not JSON, or a bbolt error.
func (t *Tx) PutJob(j Job) error {
	if err := checkJob(j); err != nil {
		return err
	}
	v, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("store: encode job %s: %w", j.ID, err)
	}
	return t.put(bucketJobs, []byte(j.ID), v, "job "+j.ID)
}

// checkJob returns PutJob's CodeInvalid error for j, or nil.
func checkJob(j Job) error {
	if err := checkName("job ID", j.ID); err != nil {
		return err
	}
	if len(j.Payload) > 0 && !json.Valid(j.Payload) {
		return invalidf("job %s: payload is not JSON", j.ID)
	}
	return nil
}

// DeleteJob removes job id; removing an absent job does nothing. It
// returns a bbolt error if the write fails.
func (t *Tx) DeleteJob(id string) error {
	if id == "" {
		return nil
	}
	return t.del(bucketJobs, []byte(id), "job "+id)
}

// Jobs returns every stored job, oldest CreatedAt first (then by ID). It
// returns an error wrapping ErrCorrupt if a job cannot be decoded.
func (t *Tx) Jobs() ([]Job, error) {
	b, err := t.bucket(bucketJobs)
	if err != nil {
		return nil, err
	}
	var out []Job
	err = b.ForEach(func(k, v []byte) error {
		var j Job
		if err := json.Unmarshal(v, &j); err != nil {
			return fmt.Errorf("store: decode job %q: %w: %w", k, ErrCorrupt, err)
		}
		out = append(out, j)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Job) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// PutJob is Tx.PutJob in a transaction of its own.
func (s *Store) PutJob(j Job) error {
	return s.Update(func(tx *Tx) error { return tx.PutJob(j) })
}

// DeleteJob is Tx.DeleteJob in a transaction of its own.
func (s *Store) DeleteJob(id string) error {
	return s.Update(func(tx *Tx) error { return tx.DeleteJob(id) })
}

// Jobs is Tx.Jobs in a read transaction of its own.
func (s *Store) Jobs() ([]Job, error) {
	return view(s, func(tx *Tx) ([]Job, error) { return tx.Jobs() })
}

// Claim is a de-duplication key for AcceptJobs, claimed for TTL.
type Claim struct {
	Key string
	TTL time.Duration
}

// Accept is one job for AcceptJobs with the keys whose earlier claim
// makes it a repeat.
type Accept struct {
	Job    Job
	Claims []Claim
}

// Accepted is what AcceptJobs did with one Accept.
type Accepted struct {
	// Fresh is true when the job was stored and its keys claimed; false
	// when one of its keys had a live claim (a repeat) or Err is set.
	Fresh bool
	// Err is CodeInvalid for an empty key or ttl or a bad job.
	Err error
}

// AcceptJobs stores each job of batch whose keys are all free at now
// (claiming them, see Tx.ClaimKey), in batch order and in one
// transaction: one commit, and one fsync, for a burst of requests.
// Everything is on disk when it returns. A repeat or an invalid Accept
// stores nothing of its own and leaves the others alone; its Accepted
// says why. It returns bbolt's error, with nothing stored, when the
// commit fails.
func (s *Store) AcceptJobs(batch []Accept, now time.Time) ([]Accepted, error) {
	return update(s, func(tx *Tx) ([]Accepted, error) {
		out := make([]Accepted, len(batch))
		for i, a := range batch {
			var err error
			out[i], err = tx.acceptJob(a, now)
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// acceptJob is one Accept of AcceptJobs; its error is a write error that
// must abort the transaction.
func (t *Tx) acceptJob(a Accept, now time.Time) (Accepted, error) {
	if err := checkJob(a.Job); err != nil {
		return Accepted{Err: err}, nil
	}
	for _, c := range a.Claims {
		if _, err := checkClaim(c.Key, c.TTL, now); err != nil {
			return Accepted{Err: err}, nil
		}
	}
	for _, c := range a.Claims {
		live, err := t.keyClaimed(c.Key, now)
		if err != nil || live {
			return Accepted{}, err
		}
	}
	for _, c := range a.Claims {
		if _, err := t.ClaimKey(c.Key, c.TTL, now); err != nil {
			return Accepted{}, err
		}
	}
	return Accepted{Fresh: true}, t.PutJob(a.Job)
}
