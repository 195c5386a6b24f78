// Package slackfake is an in-process stand-in for Slack, for tests and the
// testdrive.
//
// A [Server] is an httptest server that speaks the part of Slack deploybot
// uses, with Slack's JSON shapes and error codes, so the real
// github.com/slack-go/slack client and its socketmode package work against
// it unchanged:
//
//   - the Web API at <URL>/api/<method> (point the client at it with
//     slack.OptionAPIURL(srv.APIURL())): auth.test, apps.connections.open,
//     chat.postMessage and chat.update (both keeping message metadata),
//     chat.postEphemeral, views.open, views.publish, usergroups.users.list,
//     users.info, conversations.info, conversations.history and
//     conversations.replies (newest first and oldest first, with Slack's
//     ranges, cursors and include_all_metadata);
//   - a Socket Mode WebSocket behind apps.connections.open that sends hello,
//     pings, the envelopes a test asks for ([Server.SlashCommand],
//     [Server.BlockAction], [Server.ViewSubmission]), resends them
//     ([Server.Resend]), asks the client to reconnect ([Server.Disconnect]) or
//     drops the connection ([Server.DropConnections]), and records every ack
//     with its latency ([Server.Acks], [Server.WaitAck]);
//   - response_url endpoints for slash commands and button clicks.
//
// Everything a person would see is recorded in order: channel messages with
// their threads and edits ([Server.Messages], [Server.Thread]), ephemeral
// replies ([Server.Ephemerals]), modals and App Home tabs ([Server.Views]).
// [Server.Transcript] renders it as plain text, the way a person reads the
// channel; [RenderBlocks] renders one message's Block Kit.
//
// The bot token has every scope unless [Options.Scopes] lists them; then a
// call that needs another answers missing_scope. [Server.LeaveChannel]
// takes the bot out of a channel (not_in_channel).
//
// Faults are injected per method: [Server.RateLimit] answers HTTP 429 with
// Retry-After (which slack-go turns into *slack.RateLimitedError) and
// [Server.FailNext] answers {"ok":false,"error":code}.
package slackfake
