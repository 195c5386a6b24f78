package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

// slackKinds maps Slack's Web API error codes to the error model, for the
// codes deploybot can meet; an unknown code is internal.
var slackKinds = map[string]deploy.Code{
	"invalid_auth":            deploy.CodeUnauthorised,
	"not_authed":              deploy.CodeUnauthorised,
	"account_inactive":        deploy.CodeUnauthorised,
	"token_revoked":           deploy.CodeUnauthorised,
	"token_expired":           deploy.CodeUnauthorised,
	"no_permission":           deploy.CodeUnauthorised,
	"missing_scope":           deploy.CodeUnauthorised,
	"not_allowed_token_type":  deploy.CodeUnauthorised,
	"ekm_access_denied":       deploy.CodeUnauthorised,
	"not_in_channel":          deploy.CodeUnauthorised,
	"channel_not_found":       deploy.CodeNotFound,
	"message_not_found":       deploy.CodeNotFound,
	"thread_not_found":        deploy.CodeNotFound,
	"user_not_found":          deploy.CodeNotFound,
	"user_not_in_channel":     deploy.CodeNotFound,
	"is_archived":             deploy.CodeConflict,
	"cant_update_message":     deploy.CodeConflict,
	"edit_window_closed":      deploy.CodeConflict,
	"msg_too_long":            deploy.CodeInvalid,
	"no_text":                 deploy.CodeInvalid,
	"invalid_blocks":          deploy.CodeInvalid,
	"invalid_blocks_format":   deploy.CodeInvalid,
	"invalid_arguments":       deploy.CodeInvalid,
	"invalid_metadata_format": deploy.CodeInvalid,
	"invalid_metadata_schema": deploy.CodeInvalid,
	"too_many_attachments":    deploy.CodeInvalid,
	"ratelimited":             deploy.CodeRateLimited,
	"rate_limited":            deploy.CodeRateLimited,
	"fatal_error":             deploy.CodeUnavailable,
	"internal_error":          deploy.CodeUnavailable,
	"service_unavailable":     deploy.CodeUnavailable,
	"request_timeout":         deploy.CodeUnavailable,
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
		return &deploy.Error{Code: deploy.CodeRateLimited, Err: err, Message: fmt.Sprintf(
			"Slack is limiting how fast deploybot may call %s; it asks to wait %s", method, rl.RetryAfter)}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		if sc.Code >= 500 {
			return &deploy.Error{Code: deploy.CodeUnavailable, Err: err, Message: fmt.Sprintf(
				"Slack is not answering (%d) while deploybot called %s", sc.Code, method)}
		}
		return &deploy.Error{Code: deploy.CodeInternal, Err: err, Message: fmt.Sprintf(
			"Slack answered %d to %s", sc.Code, method)}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return slackCodeError(method, se.Err, err)
	}
	return &deploy.Error{Code: deploy.CodeUnavailable, Err: err, Message: fmt.Sprintf(
		"Slack is not answering (%s) while deploybot called %s", deploy.NetworkReason(err), method)}
}

// slackCodeError is the error of Slack's answer {"ok":false,"error":code}.
func slackCodeError(method, code string, err error) error {
	kind, ok := slackKinds[code]
	if !ok {
		kind = deploy.CodeInternal
	}
	msg := fmt.Sprintf("Slack refused %s: %s", method, code)
	switch kind {
	case deploy.CodeUnauthorised:
		msg = fmt.Sprintf("Slack refused %s (%s): check %s, that the app has the scopes of its manifest, and that the bot is in the channel",
			method, code, config.EnvSlackBotToken)
	case deploy.CodeUnavailable:
		msg = fmt.Sprintf("Slack is not answering (%s) while deploybot called %s", code, method)
	case deploy.CodeRateLimited:
		msg = fmt.Sprintf("Slack is limiting how fast deploybot may call %s", method)
	}
	return &deploy.Error{Code: kind, Err: err, Message: msg}
}
