package bot

import (
	"encoding/json"
	"time"
)

// Queue is the bot's durable job queue and its de-duplication keys: a
// job is stored (its keys claimed) before its envelope is acked and
// deleted when it ends, so a restart runs every unfinished job again.
// serve adapts the store to it. Each method is one atomic transaction,
// on disk when it returns.
type Queue interface {
	// AcceptJobs stores each job of batch whose claims are all free at
	// now, claiming them, in batch order and in one commit. A repeat or
	// an invalid Accept stores nothing of its own and leaves the others
	// alone; its Accepted says why. It returns the commit's error, with
	// nothing stored, when the commit fails.
	AcceptJobs(batch []Accept, now time.Time) ([]Accepted, error)
	// PutJob creates or replaces job j.
	PutJob(j Job) error
	// Jobs returns every stored job, oldest CreatedAt first (then by ID).
	Jobs() ([]Job, error)
	// DeleteJob removes job id; removing an absent job does nothing.
	DeleteJob(id string) error
	// ClaimKey records key until now+ttl and reports whether this call
	// claimed it (false: an earlier claim has not expired).
	ClaimKey(key string, ttl time.Duration, now time.Time) (bool, error)
	// ReleaseKey forgets the claim of key; releasing a free key does
	// nothing.
	ReleaseKey(key string) error
}

// Job is a unit of work accepted from a person (a slash command or a
// button click) and not yet finished.
type Job struct {
	ID        string          // unique: the Slack envelope ID
	Kind      string          // jobCommand or jobAction
	Payload   json.RawMessage // the job's work as JSON
	CreatedAt time.Time       // when it was accepted
	Attempts  int             // how many times it was started
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
	// Err says why the Accept is invalid (an empty key or ttl, a bad job).
	Err error
}
