package serve

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// runBot runs the Slack bot until ctx ends, and runs it again, after a
// growing delay, each time it stops: Slack did not answer auth.test, or
// the connection ended for good. Each stop is logged and shown on
// /readyz. It returns nil when ctx ends, and a startup error (exit code
// 2) when Slack refuses a token before the bot was ever connected: the
// tokens are read once at start, so waiting cannot fix them.
func (lc *lifecycle) runBot(ctx context.Context) error {
	r := lc.retry.withDefaults()
	delay := r.Min
	for attempt := 1; ; attempt++ {
		started := time.Now()
		lc.botStarted.Store(started.UnixNano())
		lc.botRunning.Store(true)
		err := lc.bot(ctx)
		lc.botRunning.Store(false)
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			err = errors.New("the Slack bot stopped")
		}
		if time.Since(started) > r.Max { // it ran a good while: a new outage
			attempt, delay = 1, r.Min
		}
		reason := lc.reason(err)
		env, refused := slackRefused(err)
		if refused && !lc.deps.everUp(depSlack) {
			return startupError([]string{fmt.Sprintf("Slack refused deploybot's token (%s): %s", env, reason)})
		}
		if refused {
			lc.deps.fail(depSlack, time.Now(), "token refused: "+reason, env)
			lc.log.Error("Slack refused deploybot's token; retrying", "dependency", depSlack, "credential", env,
				"attempt", attempt, "reason", reason, "retry_in", delay)
		} else {
			lc.deps.fail(depSlack, time.Now(), reason, "")
			lc.log.Warn("dependency not available; retrying", "dependency", depSlack, "attempt", attempt,
				"reason", reason, "retry_in", delay)
		}
		if sleepCtx(ctx, delay) != nil {
			return nil
		}
		delay = r.next(delay)
	}
}

// slackRefused reports whether the bot stopped because Slack refused a
// token, and which: bot.Run names the token to check in exactly those
// errors (auth.test, apps.connections.open, a disabled Socket Mode link).
func slackRefused(err error) (env string, refused bool) {
	msg := err.Error()
	for _, env := range []string{config.EnvSlackAppToken, config.EnvSlackBotToken} {
		if strings.Contains(msg, "check "+env) {
			return env, true
		}
	}
	if fault.ErrorCode(err) == fault.CodeUnauthorised {
		return config.EnvSlackBotToken, true
	}
	return "", false
}
