package slackfake

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func TestSocketModeHello(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, srv.AppToken())
	hello := c.next(t, socketmode.EventTypeHello)
	if hello.Request.NumConnections != 1 || hello.Request.DebugInfo.Host == "" || hello.Request.ConnectionInfo.AppID != "A0FAKE" {
		t.Errorf("hello = %+v, want num_connections 1, a debug host and app A0FAKE", hello.Request)
	}
	if err := srv.WaitConnected(testCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	if n := srv.CallCount("apps.connections.open"); n != 1 {
		t.Errorf("apps.connections.open calls = %d, want 1", n)
	}
}

func TestSocketModeInvalidAppToken(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, "xapp-wrong")
	select {
	case err := <-c.done:
		c.done <- err // for the cleanup
		if diff := cmp.Diff("invalid_auth", slackErr(err)); diff != "" {
			t.Errorf("RunContext error (-want +got):\n%s", diff)
		}
	case <-time.After(waitTimeout):
		t.Fatal("RunContext did not fail")
	}
}

func TestSlashCommand(t *testing.T) {
	srv := newServer(t, Options{})
	srv.AddUser(User{ID: "U0MARIA", Name: "maria"})
	c := startSocket(t, srv, srv.AppToken())
	c.next(t, socketmode.EventTypeHello)

	id := srv.SlashCommand(SlashCommand{Command: "/promote", Text: "api v9.1.1 prod",
		UserID: "U0MARIA", ChannelID: "C0DEPLOYS", TriggerID: "123.456.abc"})
	evt := c.next(t, socketmode.EventTypeSlashCommand)
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok {
		t.Fatalf("data = %T, want slack.SlashCommand", evt.Data)
	}
	want := slack.SlashCommand{Token: verificationToken, TeamID: "T0FAKE", TeamDomain: "fake",
		ChannelID: "C0DEPLOYS", ChannelName: "deploys", UserID: "U0MARIA", UserName: "maria",
		Command: "/promote", Text: "api v9.1.1 prod", ResponseURL: cmd.ResponseURL,
		TriggerID: "123.456.abc", APIAppID: "A0FAKE"}
	if diff := cmp.Diff(want, cmd); diff != "" {
		t.Errorf("slash command (-want +got):\n%s", diff)
	}
	if evt.Request.EnvelopeID != id || !evt.Request.AcceptsResponsePayload {
		t.Errorf("request = %+v, want envelope %s accepting a response payload", evt.Request, id)
	}

	c.smc.Ack(*evt.Request, map[string]any{"text": "Checking staging…"})
	ack, err := srv.WaitAck(testCtx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency <= 0 || ack.Late || string(ack.Payload) != `{"text":"Checking staging…"}` {
		t.Errorf("ack = %+v, want a positive latency and the payload", ack)
	}
	eph := srv.Ephemerals("U0MARIA")
	if len(eph) != 1 || eph[0].Text != "Checking staging…" || eph[0].Via != "ack" {
		t.Errorf("ephemerals = %+v, want the ack payload shown to maria", eph)
	}
	if got := srv.Unacked(); len(got) != 0 {
		t.Errorf("unacked = %v, want none", got)
	}
}

func TestResponseURL(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, srv.AppToken())
	srv.SlashCommand(SlashCommand{Command: "/promote", Text: "help", UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	evt := c.next(t, socketmode.EventTypeSlashCommand)
	c.smc.Ack(*evt.Request)
	cmd := evt.Data.(slack.SlashCommand)
	api := apiClient(srv)
	if _, _, err := api.PostMessage("", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral),
		slack.MsgOptionText("Usage: /promote SERVICE VERSION ENV", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessage("", slack.MsgOptionReplaceOriginal(cmd.ResponseURL),
		slack.MsgOptionText("Usage: /promote SERVICE [VERSION] ENV", false)); err != nil {
		t.Fatal(err)
	}
	eph := srv.Ephemerals("U0MARIA")
	if len(eph) != 1 || eph[0].Text != "Usage: /promote SERVICE [VERSION] ENV" || eph[0].Updates != 1 {
		t.Errorf("ephemerals = %+v, want one replaced reply", eph)
	}
}

func TestBlockAction(t *testing.T) {
	srv := newServer(t, Options{})
	srv.AddUser(User{ID: "U0SAM", Name: "sam"})
	api := apiClient(srv)
	approve := slack.NewButtonBlockElement("approve", "promo-42", slack.NewTextBlockObject("plain_text", "Approve", false, false))
	approve.Style = slack.StylePrimary
	_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("planned", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("decide", approve)))
	if err != nil {
		t.Fatal(err)
	}
	c := startSocket(t, srv, srv.AppToken())
	id := srv.BlockAction(BlockAction{UserID: "U0SAM", TeamID: "T0OTHER", ChannelID: "C0DEPLOYS", MessageTS: ts, ActionID: "approve"})
	evt := c.next(t, socketmode.EventTypeInteractive)
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok {
		t.Fatalf("data = %T, want slack.InteractionCallback", evt.Data)
	}
	if len(cb.ActionCallback.BlockActions) != 1 {
		t.Fatalf("block actions = %+v, want one", cb.ActionCallback)
	}
	act := cb.ActionCallback.BlockActions[0]
	type view struct {
		Type, UserID, UserTeam, Channel, MessageTS, ContainerTS, ActionID, BlockID, Value, Text, Envelope string
	}
	got := view{string(cb.Type), cb.User.ID, cb.User.TeamID, cb.Channel.ID, cb.Message.Timestamp,
		cb.Container.MessageTs, act.ActionID, act.BlockID, act.Value, act.Text.Text, evt.Request.EnvelopeID}
	want := view{"block_actions", "U0SAM", "T0OTHER", "C0DEPLOYS", ts, ts, "approve", "decide", "promo-42", "Approve", id}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("interaction (-want +got):\n%s", diff)
	}
	if cb.TriggerID == "" || cb.ResponseURL == "" || cb.User.Name != "sam" {
		t.Errorf("callback = %+v, want a trigger, a response URL and the user's name", cb)
	}
}

func TestResend(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, srv.AppToken())
	id := srv.SlashCommand(SlashCommand{Command: "/promote", Text: "status", UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	first := c.next(t, socketmode.EventTypeSlashCommand)
	c.smc.Ack(*first.Request)
	if _, err := srv.WaitAck(testCtx(t), id); err != nil {
		t.Fatal(err)
	}
	if err := srv.Resend(id); err != nil {
		t.Fatal(err)
	}
	again := c.next(t, socketmode.EventTypeSlashCommand)
	got := []any{again.Request.EnvelopeID, again.Request.RetryAttempt, again.Request.RetryReason}
	if diff := cmp.Diff([]any{id, 1, "timeout"}, got); diff != "" {
		t.Errorf("resent envelope (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(first.Data, again.Data); diff != "" {
		t.Errorf("payload changed (-first +again):\n%s", diff)
	}
	c.smc.Ack(*again.Request)
	ack, err := srv.WaitAck(testCtx(t), id)
	if err != nil || ack.Attempt != 1 {
		t.Errorf("ack = %+v, %v; want the ack of attempt 1", ack, err)
	}
	if err := srv.Resend("nope"); err == nil {
		t.Error("Resend of an unknown envelope: no error")
	}
}

func TestDisconnectReconnects(t *testing.T) {
	for _, reason := range []string{"refresh_requested", "warning", "link_disabled"} {
		t.Run(reason, func(t *testing.T) {
			srv := newServer(t, Options{})
			c := startSocket(t, srv, srv.AppToken())
			c.next(t, socketmode.EventTypeHello)
			if n := srv.Disconnect(reason); n != 1 {
				t.Fatalf("Disconnect told %d connections, want 1", n)
			}
			c.next(t, socketmode.EventTypeHello) // the new connection's
			ctx := testCtx(t)
			if err := srv.WaitConnected(ctx, 2); err != nil {
				t.Fatal(err)
			}
			// The client closes the old connection itself.
			if err := srv.Wait(ctx, func() bool { return srv.Connections() == 1 }); err != nil {
				t.Fatalf("connections = %d, want 1: %v", srv.Connections(), err)
			}
			assertDelivered(t, srv, c)
		})
	}
}

func TestDroppedConnectionReconnects(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, srv.AppToken())
	c.next(t, socketmode.EventTypeHello)
	if n := srv.DropConnections(); n != 1 {
		t.Fatalf("dropped %d connections, want 1", n)
	}
	c.next(t, socketmode.EventTypeHello)
	if err := srv.WaitConnected(testCtx(t), 2); err != nil {
		t.Fatal(err)
	}
	assertDelivered(t, srv, c)
}

func TestSilentConnectionReconnects(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, srv.AppToken(), socketmode.OptionPingInterval(300*time.Millisecond))
	c.next(t, socketmode.EventTypeHello)
	srv.PausePings(true)
	time.Sleep(time.Second) // the client gives up and reconnects, maybe more than once
	srv.PausePings(false)
	if err := srv.WaitConnected(testCtx(t), 2); err != nil {
		t.Fatal(err)
	}
	assertDelivered(t, srv, c)
}

func TestQueuedUntilConnected(t *testing.T) {
	srv := newServer(t, Options{})
	id := srv.SlashCommand(SlashCommand{Command: "/promote", Text: "help", UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	if diff := cmp.Diff([]string{id}, srv.Pending()); diff != "" {
		t.Errorf("pending (-want +got):\n%s", diff)
	}
	c := startSocket(t, srv, srv.AppToken())
	evt := c.next(t, socketmode.EventTypeSlashCommand)
	if evt.Request.EnvelopeID != id {
		t.Errorf("envelope = %s, want %s", evt.Request.EnvelopeID, id)
	}
	if got := srv.Unacked(); len(got) != 1 {
		t.Errorf("unacked = %v, want the one sent", got)
	}
}

func TestViewSubmission(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, srv.AppToken())
	srv.SlashCommand(SlashCommand{Command: "/rollback", UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	cmd := c.next(t, socketmode.EventTypeSlashCommand)
	c.smc.Ack(*cmd.Request)
	input := slack.NewInputBlock("why", slack.NewTextBlockObject("plain_text", "Why?", false, false), nil,
		slack.NewPlainTextInputBlockElement(nil, "reason"))
	modal := slack.ModalViewRequest{Type: slack.VTModal, CallbackID: "rollback", PrivateMetadata: "promo-42",
		Title:  slack.NewTextBlockObject("plain_text", "Roll back", false, false),
		Submit: slack.NewTextBlockObject("plain_text", "Roll back", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{input}}}
	resp, err := apiClient(srv).OpenView(cmd.Data.(slack.SlashCommand).TriggerID, modal)
	if err != nil {
		t.Fatal(err)
	}
	id := srv.ViewSubmission(ViewSubmission{UserID: "U0MARIA", ViewID: resp.ID,
		Values: map[string]map[string]InputValue{"why": {"reason": {Value: "Degraded"}}}})
	evt := c.next(t, socketmode.EventTypeInteractive)
	cb := evt.Data.(slack.InteractionCallback)
	got := []string{string(cb.Type), cb.View.ID, cb.View.CallbackID, cb.View.PrivateMetadata,
		cb.View.State.Values["why"]["reason"].Value}
	if diff := cmp.Diff([]string{"view_submission", resp.ID, "rollback", "promo-42", "Degraded"}, got); diff != "" {
		t.Errorf("submission (-want +got):\n%s", diff)
	}
	c.smc.Ack(*evt.Request, map[string]any{"response_action": "errors", "errors": map[string]string{"why": "say more"}})
	ack, err := srv.WaitAck(testCtx(t), id)
	if err != nil || !strings.Contains(string(ack.Payload), `"response_action":"errors"`) {
		t.Errorf("ack = %+v, %v; want the errors response", ack, err)
	}
}

func TestAckLatencyUnderBurst(t *testing.T) {
	srv := newServer(t, Options{})
	c := startSocket(t, srv, srv.AppToken())
	c.next(t, socketmode.EventTypeHello)
	const n = 50
	ids := make([]string, n)
	for i := range n {
		ids[i] = srv.SlashCommand(SlashCommand{Command: "/promote", Text: "status", UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	}
	for range n {
		evt := c.next(t, socketmode.EventTypeSlashCommand)
		c.smc.Ack(*evt.Request)
	}
	for _, id := range ids {
		if _, err := srv.WaitAck(testCtx(t), id); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(srv.Acks()); got != n {
		t.Errorf("acks = %d, want %d", got, n)
	}
}

// assertDelivered checks that an envelope reaches the client on its current
// connection and that the ack is recorded.
func assertDelivered(t *testing.T, srv *Server, c *sockClient) {
	t.Helper()
	id := srv.SlashCommand(SlashCommand{Command: "/promote", Text: "status", UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	evt := c.next(t, socketmode.EventTypeSlashCommand)
	if evt.Request.EnvelopeID != id {
		t.Fatalf("envelope = %s, want %s", evt.Request.EnvelopeID, id)
	}
	c.smc.Ack(*evt.Request)
	if _, err := srv.WaitAck(testCtx(t), id); err != nil {
		t.Fatal(err)
	}
}

func TestBlockActionResponseURL(t *testing.T) {
	srv := newServer(t, Options{})
	api := apiClient(srv)
	cancel := slack.NewButtonBlockElement("cancel", "42", slack.NewTextBlockObject("plain_text", "Cancel", false, false))
	_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("planned", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("", cancel)))
	if err != nil {
		t.Fatal(err)
	}
	c := startSocket(t, srv, srv.AppToken())
	srv.BlockAction(BlockAction{UserID: "U0MARIA", ChannelID: "C0DEPLOYS", MessageTS: ts, ActionID: "cancel"})
	evt := c.next(t, socketmode.EventTypeInteractive)
	c.smc.Ack(*evt.Request)
	cb := evt.Data.(slack.InteractionCallback)
	if got := cb.ActionCallback.BlockActions[0].BlockID; got == "" {
		t.Error("block_id is empty: slack-go would not see a block action")
	}
	if _, _, err := api.PostMessage("", slack.MsgOptionReplaceOriginal(cb.ResponseURL),
		slack.MsgOptionText("cancelled by maria", false)); err != nil {
		t.Fatal(err)
	}
	m, _ := srv.Message("C0DEPLOYS", ts)
	if m.Text != "cancelled by maria" || m.Blocks != nil || len(m.Buttons) != 0 || m.Updates != 1 {
		t.Errorf("message = %+v, want it replaced without buttons", m)
	}
}

func TestAckPayloadInChannel(t *testing.T) {
	srv := newServer(t, Options{AckTimeout: time.Nanosecond})
	c := startSocket(t, srv, srv.AppToken())
	id := srv.SlashCommand(SlashCommand{Command: "/promote", Text: "status", UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	evt := c.next(t, socketmode.EventTypeSlashCommand)
	c.smc.Ack(*evt.Request, map[string]any{"response_type": "in_channel", "text": "api v9.1.1 ✅"})
	ack, err := srv.WaitAck(testCtx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if !ack.Late {
		t.Errorf("ack = %+v, want Late with a 1ns AckTimeout", ack)
	}
	msgs := srv.Messages("C0DEPLOYS")
	if len(msgs) != 1 || msgs[0].Text != "api v9.1.1 ✅" || msgs[0].Via != "ack" {
		t.Errorf("messages = %+v, want the in_channel response", msgs)
	}
}
