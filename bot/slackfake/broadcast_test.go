package slackfake

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

// TestReplyBroadcast: a thread reply with reply_broadcast is recorded as
// broadcast and shows in the channel's history as a thread_broadcast;
// without thread_ts the flag is ignored, as in Slack.
func TestReplyBroadcast(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	_, parent, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("announcement", false))
	if err != nil {
		t.Fatal(err)
	}
	post := func(text string, opts ...slack.MsgOption) string {
		t.Helper()
		_, ts, err := api.PostMessage("C0DEPLOYS", append(opts, slack.MsgOptionText(text, false))...)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	quiet := post("quiet", slack.MsgOptionTS(parent))
	loud := post("loud", slack.MsgOptionTS(parent), slack.MsgOptionBroadcast())
	top := post("top", slack.MsgOptionBroadcast())
	type got struct {
		Text      string
		Broadcast bool
	}
	var thread []got
	for _, m := range srv.Thread("C0DEPLOYS", parent) {
		thread = append(thread, got{m.Text, m.Broadcast})
	}
	if diff := cmp.Diff([]got{{"quiet", false}, {"loud", true}}, thread); diff != "" {
		t.Errorf("thread (-want +got):\n%s", diff)
	}
	if m, _ := srv.Message("C0DEPLOYS", top); m.Broadcast {
		t.Errorf("top-level message %s recorded as broadcast", top)
	}
	h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C0DEPLOYS"})
	if err != nil {
		t.Fatal(err)
	}
	type hist struct{ TS, SubType string }
	var history []hist
	for _, m := range h.Messages {
		history = append(history, hist{m.Timestamp, m.SubType})
	}
	want := []hist{{top, ""}, {loud, "thread_broadcast"}, {parent, ""}}
	if diff := cmp.Diff(want, history); diff != "" {
		t.Errorf("history (-want +got), the quiet reply %s left out:\n%s", quiet, diff)
	}
}
