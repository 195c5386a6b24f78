package slackfake

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

// rawCall posts form values to method with the bot token and returns the
// decoded answer.
func rawCall(t *testing.T, srv *Server, method string, v url.Values) map[string]any {
	t.Helper()
	v.Set("token", srv.BotToken())
	resp, err := http.PostForm(srv.APIURL()+method, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func deployMeta(id string) slack.MsgOption {
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "deploybot_promotion",
		EventPayload: map[string]any{"promotion_id": id}})
}

func TestMetadata(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("planned", false), deployMeta("p1"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"event_type":"deploybot_promotion","event_payload":{"promotion_id":"p1"}}`
	t.Run("OKKeptOnUpdate", func(t *testing.T) {
		if _, _, _, err := api.UpdateMessage("C0DEPLOYS", ts, slack.MsgOptionText("merged", false)); err != nil {
			t.Fatal(err)
		}
		m, _ := srv.Message("C0DEPLOYS", ts)
		if diff := cmp.Diff(want, string(m.Metadata)); diff != "" {
			t.Errorf("metadata (-want +got):\n%s", diff)
		}
	})
	for _, tt := range []struct {
		name, meta, wantErr, wantWarning string
	}{
		{"OK", `{"event_type":"deploybot_promotion","event_payload":{"promotion_id":"p2"}}`, "", ""},
		{"ErrNotJSON", `event_type=x`, "invalid_metadata_format", ""},
		{"ErrNotObject", `["deploybot_promotion"]`, "invalid_metadata_format", ""},
		{"WarnNoEventType", `{"event_payload":{"promotion_id":"p2"}}`, "", "invalid_metadata_schema"},
		{"WarnEventTypeWithPeriod", `{"event_type":"deploybot.promotion","event_payload":{}}`, "", "invalid_metadata_schema"},
		{"WarnNoPayload", `{"event_type":"deploybot_promotion"}`, "", "invalid_metadata_schema"},
		{"WarnPayloadNotObject", `{"event_type":"deploybot_promotion","event_payload":"p2"}`, "", "invalid_metadata_schema"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := rawCall(t, srv, "chat.postMessage", url.Values{"channel": {"C0DEPLOYS"}, "text": {"x"}, "metadata": {tt.meta}})
			gotErr, _ := res["error"].(string)
			gotWarning, _ := res["warning"].(string)
			if gotErr != tt.wantErr || gotWarning != tt.wantWarning {
				t.Fatalf("answer = %v, want error %q, warning %q", res, tt.wantErr, tt.wantWarning)
			}
			if gotErr != "" {
				return
			}
			m, _ := srv.Message("C0DEPLOYS", res["ts"].(string))
			if tt.wantWarning != "" && m.Metadata != nil {
				t.Errorf("metadata = %s, want it dropped with the warning", m.Metadata)
			}
			if tt.wantWarning == "" && m.Metadata == nil {
				t.Error("metadata dropped")
			}
		})
	}
}

// historyFixture posts top-level messages a, b (with a thread of two
// replies, one ephemeral reply) and c, and returns their timestamps.
func historyFixture(t *testing.T, srv *Server) (a, b, c, r1, r2 string) {
	t.Helper()
	api := apiClient(srv)
	post := func(opts ...slack.MsgOption) string {
		_, ts, err := api.PostMessage("C0DEPLOYS", opts...)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	a = post(slack.MsgOptionText("a", false))
	b = post(slack.MsgOptionText("b", false), deployMeta("p1"))
	r1 = post(slack.MsgOptionText("r1", false), slack.MsgOptionTS(b))
	if _, err := api.PostEphemeral("C0DEPLOYS", "U0MARIA", slack.MsgOptionText("only maria", false), slack.MsgOptionTS(b)); err != nil {
		t.Fatal(err)
	}
	r2 = post(slack.MsgOptionText("r2", false), slack.MsgOptionTS(b))
	c = post(slack.MsgOptionText("c", false))
	return a, b, c, r1, r2
}

func texts(msgs []slack.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Text)
	}
	return out
}

func TestHistory(t *testing.T) {
	srv := newServer(t, Options{})
	a, b, c, _, r2 := historyFixture(t, srv)
	api := apiClient(srv)
	hist := func(p slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error) {
		if p.ChannelID == "" {
			p.ChannelID = "C0DEPLOYS"
		}
		return api.GetConversationHistory(&p)
	}
	t.Run("OKNewestFirstNoReplies", func(t *testing.T) {
		res, err := hist(slack.GetConversationHistoryParameters{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"c", "b", "a"}, texts(res.Messages)); diff != "" {
			t.Errorf("messages (-want +got):\n%s", diff)
		}
		parent := res.Messages[1]
		if parent.ThreadTimestamp != b || parent.ReplyCount != 2 || parent.LatestReply != r2 {
			t.Errorf("parent thread_ts %q, reply_count %d, latest_reply %q; want %s, 2, %s",
				parent.ThreadTimestamp, parent.ReplyCount, parent.LatestReply, b, r2)
		}
		if parent.Metadata.EventType != "" {
			t.Errorf("metadata %+v without include_all_metadata, want none", parent.Metadata)
		}
	})
	t.Run("OKPages", func(t *testing.T) {
		var got []string
		cursor := ""
		for range 3 {
			res, err := hist(slack.GetConversationHistoryParameters{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, texts(res.Messages)...)
			if !res.HasMore {
				break
			}
			cursor = res.ResponseMetaData.NextCursor
		}
		if diff := cmp.Diff([]string{"c", "b", "a"}, got); diff != "" {
			t.Errorf("messages (-want +got):\n%s", diff)
		}
	})
	t.Run("OKRange", func(t *testing.T) {
		for _, tt := range []struct {
			p    slack.GetConversationHistoryParameters
			want []string
		}{
			{slack.GetConversationHistoryParameters{Oldest: a}, []string{"c", "b"}},
			{slack.GetConversationHistoryParameters{Oldest: a, Inclusive: true}, []string{"c", "b", "a"}},
			{slack.GetConversationHistoryParameters{Oldest: a, Latest: c}, []string{"b"}},
			{slack.GetConversationHistoryParameters{Latest: b, Inclusive: true}, []string{"b", "a"}},
		} {
			res, err := hist(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, texts(res.Messages)); diff != "" {
				t.Errorf("%+v: messages (-want +got):\n%s", tt.p, diff)
			}
		}
	})
	t.Run("OKMetadata", func(t *testing.T) {
		res, err := hist(slack.GetConversationHistoryParameters{IncludeAllMetadata: true, Oldest: a, Latest: c})
		if err != nil {
			t.Fatal(err)
		}
		got := res.Messages[0].Metadata
		want := slack.SlackMetadata{EventType: "deploybot_promotion", EventPayload: map[string]any{"promotion_id": "p1"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("metadata (-want +got):\n%s", diff)
		}
	})
	for _, tt := range []struct {
		name    string
		p       slack.GetConversationHistoryParameters
		wantErr string
	}{
		{"ErrChannelByName", slack.GetConversationHistoryParameters{ChannelID: "#deploys"}, "channel_not_found"},
		{"ErrChannelNotFound", slack.GetConversationHistoryParameters{ChannelID: "C0NOPE"}, "channel_not_found"},
		{"ErrInvalidCursor", slack.GetConversationHistoryParameters{Cursor: "not-a-cursor"}, "invalid_cursor"},
		{"ErrInvalidOldest", slack.GetConversationHistoryParameters{Oldest: "yesterday"}, "invalid_ts_oldest"},
		{"ErrInvalidLatest", slack.GetConversationHistoryParameters{Latest: "1.1234567"}, "invalid_ts_latest"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hist(tt.p)
			if diff := cmp.Diff(tt.wantErr, slackErr(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ErrNotInChannel", func(t *testing.T) {
		srv.LeaveChannel("C0DEPLOYS")
		defer srv.JoinChannel("C0DEPLOYS")
		_, err := hist(slack.GetConversationHistoryParameters{})
		if diff := cmp.Diff("not_in_channel", slackErr(err)); diff != "" {
			t.Errorf("error (-want +got):\n%s", diff)
		}
	})
}

func TestNotInChannelPost(t *testing.T) {
	for _, tt := range []struct {
		name, channel, wantErr string
		scopes                 []string
	}{
		{"ErrNotInChannel", "C0DEPLOYS", "not_in_channel", []string{"chat:write"}},
		{"OKPublicWithChatWritePublic", "C0DEPLOYS", "", []string{"chat:write", "chat:write.public"}},
		{"ErrPrivateWithChatWritePublic", "G0PRIVATE", "not_in_channel", []string{"chat:write", "chat:write.public"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, Options{Scopes: tt.scopes})
			srv.AddChannel("G0PRIVATE", "private")
			srv.LeaveChannel(tt.channel)
			_, _, err := apiClient(srv).PostMessage(tt.channel, slack.MsgOptionText("x", false))
			if diff := cmp.Diff(tt.wantErr, slackErr(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReplies(t *testing.T) {
	srv := newServer(t, Options{})
	_, b, _, r1, _ := historyFixture(t, srv)
	api := apiClient(srv)
	for _, tt := range []struct {
		name    string
		p       slack.GetConversationRepliesParameters
		want    []string
		wantErr string
	}{
		{name: "OKParentThenOldestFirst", p: slack.GetConversationRepliesParameters{Timestamp: b}, want: []string{"b", "r1", "r2"}},
		{name: "OKFromAReply", p: slack.GetConversationRepliesParameters{Timestamp: r1}, want: []string{"b", "r1", "r2"}},
		{name: "OKOldest", p: slack.GetConversationRepliesParameters{Timestamp: b, Oldest: b}, want: []string{"r1", "r2"}},
		{name: "ErrThreadNotFound", p: slack.GetConversationRepliesParameters{Timestamp: "1.000001"}, wantErr: "thread_not_found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.ChannelID = "C0DEPLOYS"
			msgs, _, _, err := api.GetConversationReplies(&tt.p)
			if diff := cmp.Diff(tt.wantErr, slackErr(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, texts(msgs)); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("OKPages", func(t *testing.T) {
		var got []string
		cursor := ""
		for range 3 {
			msgs, more, next, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{
				ChannelID: "C0DEPLOYS", Timestamp: b, Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, texts(msgs)...)
			if !more {
				break
			}
			cursor = next
		}
		if diff := cmp.Diff([]string{"b", "r1", "r2"}, got); diff != "" {
			t.Errorf("messages (-want +got):\n%s", diff)
		}
	})
}

func TestScopes(t *testing.T) {
	srv := newServer(t, Options{Scopes: []string{"commands", "chat:write"}})
	api := apiClient(srv)
	if _, _, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("chat.postMessage with chat:write: %v", err)
	}
	res := rawCall(t, srv, "conversations.history", url.Values{"channel": {"C0DEPLOYS"}})
	want := map[string]any{"ok": false, "error": "missing_scope", "needed": "channels:history", "provided": "commands,chat:write"}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("conversations.history (-want +got):\n%s", diff)
	}
	res = rawCall(t, srv, "conversations.replies", url.Values{"channel": {"G0PRIVATE"}, "ts": {"1.000001"}})
	if res["needed"] != "groups:history" {
		t.Errorf("conversations.replies in a private channel = %v, want missing groups:history", res)
	}
}

func TestHoldNext(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	t.Run("OKClientGivesUp", func(t *testing.T) {
		srv.HoldNext("chat.postMessage")
		ctx, cancel := context.WithCancel(testCtx(t))
		done := make(chan error, 1)
		go func() {
			_, _, err := api.PostMessageContext(ctx, "C0DEPLOYS", slack.MsgOptionText("held", false))
			done <- err
		}()
		if err := srv.WaitHeld(testCtx(t), 1); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := <-done; err == nil {
			t.Error("post = nil error, want the cancelled call's error")
		}
		if got := messageTexts(srv.Messages("C0DEPLOYS")); !slices.Contains(got, "held") {
			t.Errorf("messages = %q, want the held post carried out", got)
		}
		// The server notices the client went away a little later.
		if err := srv.Wait(testCtx(t), func() bool { return srv.Held() == 0 }); err != nil {
			t.Errorf("held calls = %d after the client gave up, want 0", srv.Held())
		}
	})
	t.Run("OKReleased", func(t *testing.T) {
		srv.HoldNext("chat.postMessage")
		done := make(chan error, 1)
		go func() {
			_, _, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("released", false))
			done <- err
		}()
		if err := srv.WaitHeld(testCtx(t), 1); err != nil {
			t.Fatal(err)
		}
		srv.ReleaseHeld()
		if err := <-done; err != nil {
			t.Errorf("post after release = %v", err)
		}
	})
}

func messageTexts(msgs []Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Text)
	}
	return out
}
