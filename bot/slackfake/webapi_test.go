package slackfake

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/slack-go/slack"
)

// slackErr returns the Slack error code in err, or err's text.
func slackErr(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestAuthTest(t *testing.T) {
	srv := newServer(t, Options{})
	tests := []struct {
		name    string
		token   string
		want    *slack.AuthTestResponse
		wantErr string
	}{
		{name: "OK", token: srv.BotToken(), want: &slack.AuthTestResponse{URL: "https://fake.slack.com/",
			Team: "Fake Workspace", User: "deploybot", TeamID: "T0FAKE", UserID: "U0BOT", BotID: "B0BOT"}},
		{name: "ErrInvalidAuth", token: "xoxb-wrong", wantErr: "invalid_auth"},
		{name: "ErrNotAuthed", token: "", wantErr: "not_authed"},
		{name: "ErrNotAllowedTokenType", token: srv.AppToken(), wantErr: "not_allowed_token_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := slack.New(tt.token, slack.OptionAPIURL(srv.APIURL())).AuthTest()
			if diff := cmp.Diff(tt.wantErr, slackErr(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); err == nil && diff != "" {
				t.Errorf("auth.test (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPostMessage(t *testing.T) {
	longHeader := slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", strings.Repeat("x", 151), false, false))
	tests := []struct {
		name     string
		channel  string
		opts     []slack.MsgOption
		wantErr  string
		wantText string
	}{
		{name: "OK", channel: "C0DEPLOYS", opts: []slack.MsgOption{slack.MsgOptionText("hello", false)}, wantText: "hello"},
		{name: "OKByName", channel: "#deploys", opts: []slack.MsgOption{slack.MsgOptionText("hi", false)}, wantText: "hi"},
		{name: "ErrChannelNotFound", channel: "C0NOPE", opts: []slack.MsgOption{slack.MsgOptionText("x", false)}, wantErr: "channel_not_found"},
		{name: "ErrNoText", channel: "C0DEPLOYS", wantErr: "no_text"},
		{name: "ErrInvalidBlocks", channel: "C0DEPLOYS", opts: []slack.MsgOption{slack.MsgOptionBlocks(longHeader)}, wantErr: "invalid_blocks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, Options{})
			ch, ts, err := apiClient(srv).PostMessage(tt.channel, tt.opts...)
			if diff := cmp.Diff(tt.wantErr, slackErr(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			want := []Message{{Channel: "C0DEPLOYS", TS: ts, User: "U0BOT", Text: tt.wantText, Via: "chat.postMessage"}}
			got := srv.Messages(ch)
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Message{}, "PostedAt")); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInvalidBlocksMessages(t *testing.T) {
	srv := newServer(t, Options{})
	header := slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", strings.Repeat("x", 151), false, false))
	_, _, err := apiClient(srv).PostMessage("C0DEPLOYS", slack.MsgOptionBlocks(header))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		t.Fatalf("error = %v, want a SlackErrorResponse", err)
	}
	want := []string{"[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"}
	if diff := cmp.Diff(want, se.ResponseMetadata.Messages); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

func TestTimestampsIncrease(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Clock: clock.Now})
	api := apiClient(srv)
	var got []string
	for range 3 {
		_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("x", false))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ts)
	}
	want := []string{"1772460120.000000", "1772460120.000001", "1772460120.000002"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("timestamps (-want +got):\n%s", diff)
	}
}

func TestUpdateMessage(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Clock: clock.Now})
	api := apiClient(srv)
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*planned*", false, false), nil, nil))
	_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("planned", false), blocks)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)

	t.Run("OK", func(t *testing.T) {
		if _, _, _, err := api.UpdateMessage("C0DEPLOYS", ts, slack.MsgOptionText("in progress", false)); err != nil {
			t.Fatal(err)
		}
		got, _ := srv.Message("C0DEPLOYS", ts)
		want := Message{Channel: "C0DEPLOYS", TS: ts, User: "U0BOT", Text: "in progress",
			Blocks: got.Blocks, Updates: 1, PostedAt: clock.Now().Add(-time.Minute), EditedAt: clock.Now(), Via: "chat.postMessage"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("message (-want +got):\n%s", diff)
		}
		if !strings.Contains(string(got.Blocks), "*planned*") {
			t.Errorf("blocks = %s, want the old blocks kept", got.Blocks)
		}
		if n := len(srv.Revisions("C0DEPLOYS", ts)); n != 2 {
			t.Errorf("revisions = %d, want 2", n)
		}
	})
	t.Run("ErrMessageNotFound", func(t *testing.T) {
		_, _, _, err := api.UpdateMessage("C0DEPLOYS", "1.000000", slack.MsgOptionText("x", false))
		if diff := cmp.Diff("message_not_found", slackErr(err)); diff != "" {
			t.Errorf("error (-want +got):\n%s", diff)
		}
	})
}

func TestThreadAndEphemeral(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	_, parent, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("announcement", false))
	if err != nil {
		t.Fatal(err)
	}
	_, reply, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("PR opened", false), slack.MsgOptionTS(parent))
	if err != nil {
		t.Fatal(err)
	}
	// A reply to a reply lands in the parent's thread, as in Slack.
	_, reply2, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("merged", false), slack.MsgOptionTS(reply))
	if err != nil {
		t.Fatal(err)
	}
	eph, err := api.PostEphemeral("C0DEPLOYS", "U0MARIA", slack.MsgOptionText("only you", false))
	if err != nil {
		t.Fatal(err)
	}
	ts := func(ms []Message) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.TS)
		}
		return out
	}
	if diff := cmp.Diff([]string{parent}, ts(srv.Messages("C0DEPLOYS"))); diff != "" {
		t.Errorf("channel (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{reply, reply2}, ts(srv.Thread("C0DEPLOYS", parent))); diff != "" {
		t.Errorf("thread (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{eph}, ts(srv.Ephemerals("U0MARIA"))); diff != "" {
		t.Errorf("ephemerals (-want +got):\n%s", diff)
	}
}

func TestRateLimit(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	srv.RateLimit("chat.update", 1, 2500*time.Millisecond)
	_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("x", false))
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, err = api.UpdateMessage("C0DEPLOYS", ts, slack.MsgOptionText("y", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("error = %v, want *slack.RateLimitedError", err)
	}
	if rl.RetryAfter != 3*time.Second {
		t.Errorf("RetryAfter = %s, want 3s (rounded up)", rl.RetryAfter)
	}
	if _, _, _, err := api.UpdateMessage("C0DEPLOYS", ts, slack.MsgOptionText("y", false)); err != nil {
		t.Fatalf("second update: %v", err)
	}
	var got []Call
	for _, c := range srv.Calls() {
		got = append(got, Call{Method: c.Method, Status: c.Status, Error: c.Error})
	}
	want := []Call{{Method: "chat.postMessage", Status: 200}, {Method: "chat.update", Status: http.StatusTooManyRequests, Error: "ratelimited"},
		{Method: "chat.update", Status: 200}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if n := srv.CallCount("chat.update"); n != 2 {
		t.Errorf("CallCount = %d, want 2", n)
	}
}

func TestFailNext(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	srv.FailNext("chat.postMessage", "fatal_error")
	_, _, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("x", false))
	if diff := cmp.Diff("fatal_error", slackErr(err)); diff != "" {
		t.Errorf("first call (-want +got):\n%s", diff)
	}
	if _, _, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("second call: %v", err)
	}
}

func TestAnyChannel(t *testing.T) {
	srv := newServer(t, Options{AnyChannel: true})
	ch, _, err := apiClient(srv).PostMessage("C0ELSEWHERE", slack.MsgOptionText("x", false))
	if err != nil || ch != "C0ELSEWHERE" {
		t.Errorf("PostMessage = %q, %v; want C0ELSEWHERE, nil", ch, err)
	}
}

func TestViewsOpen(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Clock: clock.Now})
	api := apiClient(srv)
	modal := slack.ModalViewRequest{Type: slack.VTModal, CallbackID: "rollback",
		Title:  slack.NewTextBlockObject("plain_text", "Roll back", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "Which one?", false, false), nil, nil)}}}
	srv.SlashCommand(SlashCommand{Command: "/rollback", UserID: "U0MARIA", ChannelID: "C0DEPLOYS", TriggerID: "t-fresh"})
	srv.SlashCommand(SlashCommand{Command: "/rollback", UserID: "U0MARIA", ChannelID: "C0DEPLOYS", TriggerID: "t-old"})
	clock.Advance(2 * time.Second)
	tests := []struct {
		name, trigger, wantErr string
		advance                time.Duration
	}{
		{name: "OK", trigger: "t-fresh"},
		{name: "ErrExchangedTriggerID", trigger: "t-fresh", wantErr: "exchanged_trigger_id"},
		{name: "ErrExpiredTriggerID", trigger: "t-old", advance: 2 * time.Second, wantErr: "expired_trigger_id"},
		{name: "ErrInvalidTriggerID", trigger: "t-unknown", wantErr: "invalid_trigger_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Advance(tt.advance)
			resp, err := api.OpenView(tt.trigger, modal)
			if diff := cmp.Diff(tt.wantErr, slackErr(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if err == nil && (resp.ID == "" || resp.CallbackID != "rollback") {
				t.Errorf("view = %+v, want an id and callback_id rollback", resp.View)
			}
		})
	}
	views := srv.Views()
	if len(views) != 1 || views[0].User != "U0MARIA" || views[0].Title != "Roll back" {
		t.Errorf("views = %+v, want one modal for U0MARIA", views)
	}
}

func TestViewsPublish(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab,
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", "In flight", false, false))}}}
	first, err := api.PublishView("U0MARIA", home, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.PublishView("U0MARIA", home, first.Hash); err != nil {
		t.Fatalf("publish with current hash: %v", err)
	}
	_, err = api.PublishView("U0MARIA", home, first.Hash)
	if diff := cmp.Diff("hash_conflict", slackErr(err)); diff != "" {
		t.Errorf("stale hash (-want +got):\n%s", diff)
	}
	v, ok := srv.HomeView("U0MARIA")
	if !ok || v.Updates != 1 || v.ID != first.ID {
		t.Errorf("home = %+v, %v; want one update of %s", v, ok, first.ID)
	}
}

func TestDirectoryMethods(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	srv.SetUserGroup(UserGroup{ID: "S0LEADS", Handle: "platform-leads", Members: []string{"U0SAM", "U0LI"}})
	srv.AddUser(User{ID: "U0SAM", Name: "sam", RealName: "Sam Doe"})

	t.Run("UserGroupOK", func(t *testing.T) {
		got, err := api.GetUserGroupMembers("S0LEADS")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"U0SAM", "U0LI"}, got); diff != "" {
			t.Errorf("members (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrNoSuchSubteam", func(t *testing.T) {
		_, err := api.GetUserGroupMembers("S0NOPE")
		if diff := cmp.Diff("no_such_subteam", slackErr(err)); diff != "" {
			t.Errorf("error (-want +got):\n%s", diff)
		}
	})
	t.Run("UserInfoOK", func(t *testing.T) {
		u, err := api.GetUserInfo("U0SAM")
		if err != nil || u.Name != "sam" || u.TeamID != "T0FAKE" || u.RealName != "Sam Doe" {
			t.Errorf("user = %+v, %v", u, err)
		}
	})
	t.Run("ErrUserNotFound", func(t *testing.T) {
		_, err := api.GetUserInfo("U0NOPE")
		if diff := cmp.Diff("user_not_found", slackErr(err)); diff != "" {
			t.Errorf("error (-want +got):\n%s", diff)
		}
	})
	t.Run("ConversationInfoOK", func(t *testing.T) {
		ch, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: "C0DEPLOYS"})
		if err != nil || ch.Name != "deploys" {
			t.Errorf("channel = %+v, %v", ch, err)
		}
	})
}

func TestJSONBody(t *testing.T) {
	srv := newServer(t, Options{})
	body := `{"channel":"C0DEPLOYS","text":"from JSON","blocks":[{"type":"divider"}]}`
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.APIURL()+"chat.postMessage", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+srv.BotToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		OK bool   `json:"ok"`
		TS string `json:"ts"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || !got.OK {
		t.Fatalf("answer = %+v, %v", got, err)
	}
	m, _ := srv.Message("C0DEPLOYS", got.TS)
	if m.Text != "from JSON" || string(m.Blocks) != `[{"type":"divider"}]` {
		t.Errorf("message = %+v", m)
	}
}
