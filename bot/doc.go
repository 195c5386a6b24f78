// Package bot is deploybot's face in Slack: a Socket Mode client that
// acknowledges every envelope at once, records the work as a job in its
// Queue, and runs it on a worker; it parses /promote and /rollback, handles
// the Approve, Cancel and Rollback buttons, and implements deploy.Notifier
// by posting one Block Kit announcement per promotion, updating it in place
// (coalesced) and adding a line to its thread for every notice.
//
// It reaches the rest of deploybot only through the two interfaces it
// declares: Engine (commands and queries, *deploy.Engine) and Queue (its
// durable jobs and de-duplication keys, which serve adapts the store to).
//
// It talks to Slack only through github.com/slack-go/slack and its
// socketmode package; tests run both against bot/slackfake.
package bot
