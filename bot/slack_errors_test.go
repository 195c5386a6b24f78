package bot

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// TestSlackErrorModel posts through the real slack-go client to the Slack
// stand-in failing in each way Slack fails, and checks the kind and the
// words of slackFail: a Slack outage is unavailable, a limit rate
// limited, a refused credential names SLACK_BOT_TOKEN.
func TestSlackErrorModel(t *testing.T) {
	tests := []struct {
		name   string
		inject func(srv *slackfake.Server)
		code   fault.Code
		words  string
	}{
		{"ChannelNotFound", func(s *slackfake.Server) { s.FailNext("chat.postMessage", "channel_not_found") }, fault.CodeNotFound, "channel_not_found"},
		{"NotInChannel", func(s *slackfake.Server) { s.FailNext("chat.postMessage", "not_in_channel") }, fault.CodeUnauthorised, "bot is in the channel"},
		{"InvalidAuth", func(s *slackfake.Server) { s.FailNext("chat.postMessage", "invalid_auth") }, fault.CodeUnauthorised, config.EnvSlackBotToken},
		{"MissingScope", func(s *slackfake.Server) { s.FailNext("chat.postMessage", "missing_scope") }, fault.CodeUnauthorised, "scopes"},
		{"InvalidBlocks", func(s *slackfake.Server) { s.FailNext("chat.postMessage", "invalid_blocks") }, fault.CodeInvalid, "invalid_blocks"},
		{"Ratelimited429", func(s *slackfake.Server) { s.RateLimit("chat.postMessage", 1, 30*time.Second) }, fault.CodeRateLimited, "wait 30s"},
		{"FatalError", func(s *slackfake.Server) { s.FailNext("chat.postMessage", "fatal_error") }, fault.CodeUnavailable, "Slack is not answering (fatal_error)"},
		{"ServiceUnavailable", func(s *slackfake.Server) { s.FailNext("chat.postMessage", "service_unavailable") }, fault.CodeUnavailable, "Slack is not answering"},
		{"Timeout", func(s *slackfake.Server) { s.HoldNext("chat.postMessage") }, fault.CodeUnavailable, "Slack is not answering (timeout)"},
		{"Refused", nil, fault.CodeUnavailable, "Slack is not answering (connection refused)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := slackfake.New(slackfake.Options{})
			t.Cleanup(srv.Close)
			srv.AddChannel(testChannel, "deploys")
			url := srv.APIURL()
			if tt.inject != nil {
				tt.inject(srv)
			} else {
				url = closedURL(t)
			}
			api := slack.New(srv.BotToken(), slack.OptionAPIURL(url),
				slack.OptionHTTPClient(&http.Client{Timeout: 300 * time.Millisecond}))
			_, _, err := api.PostMessageContext(context.Background(), testChannel, slack.MsgOptionText("hello", false))
			if tt.name == "Timeout" {
				srv.ReleaseHeld()
			}
			err = slackFail("chat.postMessage", err)
			if got := fault.ErrorCode(err); got != tt.code {
				t.Fatalf("kind %q, want %q: %v", got, tt.code, err)
			}
			if msg := fault.UserMessage(err); !strings.Contains(msg, tt.words) {
				t.Errorf("the person reads %q; want it to say %q", msg, tt.words)
			}
			if strings.Contains(err.Error(), srv.BotToken()) {
				t.Error("the bot token reached the error")
			}
		})
	}
}

// closedURL is a Slack API URL on a port that refuses connections.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr + "/api/"
}
