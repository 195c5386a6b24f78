// Package fault says whose fault an error is, so that deploybot never
// blames a person for an outage. An *Error carries a Code — the person's
// input (CodeInvalid, CodeNotFound, CodeConflict, CodeUnauthorised,
// CodeBlocked), a dependency (CodeUnavailable, CodeRateLimited) or
// deploybot itself (CodeInternal) — and a message fit to show the person.
// ErrorCode and UserMessage read any error chain; a dependency failure
// anywhere in it wins over the codes wrapped around it. Adapters classify
// their vendor's failures into these codes once, at the edge.
//
// It imports nothing of ours: every other package may use it.
package fault
