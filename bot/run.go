package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// authErrors are Slack's answers that no retry will fix.
var authErrors = []string{"invalid_auth", "not_authed", "token_revoked", "account_inactive",
	"not_allowed_token_type", "link_disabled"}

// Run connects to Slack in Socket Mode and serves commands and buttons
// until ctx ends, then returns nil. Unfinished jobs from a previous run
// are run again first. Dropped connections and Slack's disconnect requests
// reconnect. It returns an error naming the token to check when Slack
// refuses the bot token (auth.test) or the app token
// (apps.connections.open), or disables the app's Socket Mode link.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.authTest(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := b.startWorkers(ctx)
	defer w.stop()
	b.resume(ctx, w)
	intake := make(chan envelope, intakeBuffer)
	go b.acceptLoop(ctx, intake, w)
	go b.watchdog(ctx)

	fatal := make(chan string, 1)
	opts := []socketmode.Option{socketmode.OptionDebug(true), socketmode.OptionLog(socketLog{b: b, fatal: fatal})}
	if b.opts.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(b.opts.PingInterval))
	}
	smc := socketmode.New(b.api, opts...)
	var wg sync.WaitGroup
	runErr := make(chan error, 1)
	wg.Add(1)
	go func() { defer wg.Done(); runErr <- smc.RunContext(ctx) }()
	err := b.loop(ctx, smc, intake, runErr, fatal)
	cancel()
	wg.Wait()
	return err
}

// authTest checks the bot token and learns the workspace.
func (b *Bot) authTest(ctx context.Context) error {
	res, err := b.api.AuthTestContext(ctx)
	if err != nil {
		if isAuthError(err) {
			b.log.Error("Slack refused the bot token in auth.test: check SLACK_BOT_TOKEN (an xoxb- token of this app)", "err", err)
			return fmt.Errorf("slack auth.test: check SLACK_BOT_TOKEN: %w", err)
		}
		return fmt.Errorf("slack auth.test: %w", err)
	}
	b.mu.Lock()
	b.teamID, b.botID = res.TeamID, res.BotID
	b.mu.Unlock()
	b.log.Info("Slack bot token accepted", "team", res.Team, "team_id", res.TeamID, "bot_user", res.UserID)
	return nil
}

// isAuthError reports whether err is one of Slack's fatal auth answers.
func isAuthError(err error) bool {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return slices.Contains(authErrors, se.Err)
	}
	return err != nil && slices.Contains(authErrors, err.Error())
}

// appTokenError is Run's error when apps.connections.open refuses the app
// token, logged with what to check.
func (b *Bot) appTokenError(err error) error {
	b.log.Error("Slack refused the app-level token in apps.connections.open: check SLACK_APP_TOKEN (an xapp- token with connections:write)", "err", err)
	return fmt.Errorf("slack apps.connections.open: check SLACK_APP_TOKEN: %w", err)
}

// loop reads socketmode's events until ctx ends or the connection fails
// for good. An envelope is acked only once its job is on disk (see
// accept), so a crash before that leaves it for Slack to deliver again.
func (b *Bot) loop(ctx context.Context, smc *socketmode.Client, intake chan<- envelope,
	runErr <-chan error, fatal <-chan string) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-runErr:
			return b.runEnded(ctx, err)
		case reason := <-fatal:
			b.log.Error("Slack disabled the Socket Mode link (disconnect: "+reason+"): check that Socket Mode is on and SLACK_APP_TOKEN is current", "reason", reason)
			return fmt.Errorf("slack socket mode: disconnect %s: check SLACK_APP_TOKEN and the app's Socket Mode setting", reason)
		case evt := <-smc.Events:
			if err := b.event(ctx, smc, evt, intake); err != nil {
				return err
			}
		}
	}
}

// runEnded turns socketmode's exit into Run's result.
func (b *Bot) runEnded(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	if isAuthError(err) {
		return b.appTokenError(err)
	}
	b.log.Error("Slack connection ended", "err", err)
	return fmt.Errorf("slack socket mode: %w", err)
}
