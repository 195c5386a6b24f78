// Package store keeps all of deploybot's state in one bbolt file:
// promotions (with a newest-first index per service and environment and an
// index of promotions still in flight), the append-only audit log, the
// service/environment locks, the rollout watches in flight and the
// de-duplication keys that make repeated Slack deliveries harmless.
//
// A restart loses nothing: every write is committed (fsynced) before the
// call returns, and Open checks the file's consistency before using it.
// Only one process may open the file for writing at a time; a second Open
// fails after Options.Timeout naming the file.
//
// Multi-step changes ("create the promotion, take the lock, append the
// audit event") run in one transaction with Store.Update; Store's own
// methods are each one transaction. Values returned by the store are
// decoded copies: they never alias bbolt's memory-mapped pages.
//
// On disk every bucket lives at the top level (see buckets.go), keys are
// big-endian where they must sort by number, and values are JSON (see
// codec.go). The schema version is kept in the meta bucket; Open refuses a
// file written by a newer deploybot.
package store
