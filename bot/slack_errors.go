package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// slackKinds maps Slack's Web API error codes to the error model, for the
// codes deploybot can meet; an unknown code is internal.
var slackKinds = map[string]fault.Code{
	"invalid_auth":            fault.CodeUnauthorised,
	"not_authed":              fault.CodeUnauthorised,
	"account_inactive":        fault.CodeUnauthorised,
	"token_revoked":           fault.CodeUnauthorised,
	"token_expired":           fault.CodeUnauthorised,
	"no_permission":           fault.CodeUnauthorised,
	"missing_scope":           fault.CodeUnauthorised,
	"not_allowed_token_type":  fault.CodeUnauthorised,
	"ekm_access_denied":       fault.CodeUnauthorised,
	"not_in_channel":          fault.CodeUnauthorised,
	"channel_not_found":       fault.CodeNotFound,
	"message_not_found":       fault.CodeNotFound,
	"thread_not_found":        fault.CodeNotFound,
	"user_not_found":          fault.CodeNotFound,
	"user_not_in_channel":     fault.CodeNotFound,
	"is_archived":             fault.CodeConflict,
	"cant_update_message":     fault.CodeConflict,
	"edit_window_closed":      fault.CodeConflict,
	"msg_too_long":            fault.CodeInvalid,
	"no_text":                 fault.CodeInvalid,
	"invalid_blocks":          fault.CodeInvalid,
	"invalid_blocks_format":   fault.CodeInvalid,
	"invalid_arguments":       fault.CodeInvalid,
	"invalid_metadata_format": fault.CodeInvalid,
	"invalid_metadata_schema": fault.CodeInvalid,
	"too_many_attachments":    fault.CodeInvalid,
	"ratelimited":             fault.CodeRateLimited,
	"rate_limited":            fault.CodeRateLimited,
	"fatal_error":             fault.CodeUnavailable,
	"internal_error":          fault.CodeUnavailable,
	"service_unavailable":     fault.CodeUnavailable,
	"request_timeout":         fault.CodeUnavailable,
}

// slackFail classifies an error of the Slack Web API call method into the
// error model: Slack's error code, an HTTP 429 or 5xx, or no answer at
// all. Messages name the method and, for credentials, SLACK_BOT_TOKEN and
// the app's scopes, never a token. ctx's own end is returned as it is.
func slackFail(method string, err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &fault.Error{Code: fault.CodeRateLimited, Err: err, Message: fmt.Sprintf(
			"Slack is limiting how fast deploybot may call %s; it asks to wait %s", method, rl.RetryAfter)}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		if sc.Code >= 500 {
			return &fault.Error{Code: fault.CodeUnavailable, Err: err, Message: fmt.Sprintf(
				"Slack is not answering (%d) while deploybot called %s", sc.Code, method)}
		}
		return &fault.Error{Code: fault.CodeInternal, Err: err, Message: fmt.Sprintf(
			"Slack answered %d to %s", sc.Code, method)}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return slackCodeError(method, se.Err, err)
	}
	return &fault.Error{Code: fault.CodeUnavailable, Err: err, Message: fmt.Sprintf(
		"Slack is not answering (%s) while deploybot called %s", fault.NetworkReason(err), method)}
}

// slackCodeError is the error of Slack's answer {"ok":false,"error":code}.
func slackCodeError(method, code string, err error) error {
	kind, ok := slackKinds[code]
	if !ok {
		kind = fault.CodeInternal
	}
	msg := fmt.Sprintf("Slack refused %s: %s", method, code)
	switch kind {
	case fault.CodeUnauthorised:
		msg = fmt.Sprintf("Slack refused %s (%s): check %s, that the app has the scopes of its manifest, and that the bot is in the channel",
			method, code, config.EnvSlackBotToken)
	case fault.CodeUnavailable:
		msg = fmt.Sprintf("Slack is not answering (%s) while deploybot called %s", code, method)
	case fault.CodeRateLimited:
		msg = fmt.Sprintf("Slack is limiting how fast deploybot may call %s", method)
	}
	return &fault.Error{Code: kind, Err: err, Message: msg}
}
