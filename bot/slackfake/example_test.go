package slackfake_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Example posts an announcement and a thread reply with the real slack-go
// client and prints what a person sees in the channel.
func Example() {
	srv := slackfake.New(slackfake.Options{
		Clock: func() time.Time { return time.Date(2026, 3, 2, 14, 2, 0, 0, time.UTC) }})
	defer srv.Close()
	srv.AddChannel("C0DEPLOYS", "deploys")

	api := slack.New(srv.BotToken(), slack.OptionAPIURL(srv.APIURL()))
	_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionText("🚀 *api* v9.1.0 → v9.1.1 planned", false))
	if err != nil {
		log.Fatal(err)
	}
	if _, _, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionTS(ts), slack.MsgOptionText("PR opened", false)); err != nil {
		log.Fatal(err)
	}
	fmt.Print(srv.Transcript())
	// Output:
	// #deploys
	// ════════
	// 14:02 deploybot
	//   🚀 api v9.1.0 → v9.1.1 planned
	//     ↳ 14:02 deploybot
	//       PR opened
}

// Example_socketMode runs the real socketmode client: it receives a slash
// command, acks it, and the server records the ack.
func Example_socketMode() {
	srv := slackfake.New(slackfake.Options{})
	defer srv.Close()
	api := slack.New(srv.BotToken(), slack.OptionAPIURL(srv.APIURL()),
		slack.OptionAppLevelToken(srv.AppToken()))
	client := socketmode.New(api)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() { _ = client.RunContext(ctx) }()

	id := srv.SlashCommand(slackfake.SlashCommand{Command: "/promote", Text: "api v9.1.1 prod",
		UserID: "U0MARIA", ChannelID: "C0DEPLOYS"})
	for evt := range client.Events {
		if evt.Type != socketmode.EventTypeSlashCommand {
			continue
		}
		cmd := evt.Data.(slack.SlashCommand)
		fmt.Println(cmd.Command, cmd.Text, "from", cmd.UserID)
		client.Ack(*evt.Request)
		break
	}
	ack, err := srv.WaitAck(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("acked in time:", !ack.Late)
	// Output:
	// /promote api v9.1.1 prod from U0MARIA
	// acked in time: true
}
