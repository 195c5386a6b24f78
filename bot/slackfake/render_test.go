package slackfake

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

// update rewrites the golden files in testdata before comparing against
// them; every package's golden tests use -update.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestRenderBlocks(t *testing.T) {
	tests := []struct {
		name, blocks, want string
	}{
		{name: "Header", blocks: `[{"type":"header","text":{"type":"plain_text","text":"✅ Production Deployment Complete"}}]`,
			want: "✅ Production Deployment Complete"},
		{name: "SectionMrkdwn", blocks: `[{"type":"section","text":{"type":"mrkdwn","text":"*api* _now_ ~old~ ` + "`v9.1.1`" + ` <https://x.example/pr/1|#1> a*b*c snake_case_name"}}]`,
			want: "api now old v9.1.1 #1 a*b*c snake_case_name"},
		{name: "Mentions", blocks: `[{"type":"section","text":{"type":"mrkdwn","text":"<@U0MARIA> <!here> <#C0DEPLOYS|deploys> <!subteam^S0LEADS> <!subteam^S1|@leads> <https://bare.example> &lt;b&gt; &amp;"}}]`,
			want: "@U0MARIA @here #deploys @S0LEADS @leads https://bare.example <b> &"},
		{name: "PlainTextKeepsMarkers", blocks: `[{"type":"section","text":{"type":"plain_text","text":"*not bold*"}}]`,
			want: "*not bold*"},
		{name: "Fields", blocks: `[{"type":"section","fields":[{"type":"mrkdwn","text":"*Status*\nHealthy"},{"type":"mrkdwn","text":"*Monitoring*\nhttps://grafana"},{"type":"plain_text","text":"Alone"}]}]`,
			want: "Status    Monitoring\nHealthy   https://grafana\nAlone"},
		{name: "Accessory", blocks: `[{"type":"section","text":{"type":"mrkdwn","text":"api v9.1.1"},"accessory":{"type":"button","action_id":"rb","text":{"type":"plain_text","text":"Rollback to v9.1.0"}}}]`,
			want: "api v9.1.1   [ Rollback to v9.1.0 ]"},
		{name: "Context", blocks: `[{"type":"context","elements":[{"type":"image","image_url":"https://i","alt_text":"argo"},{"type":"mrkdwn","text":"*synced* a9f8e7d"},{"type":"plain_text","text":"14:09"}]}]`,
			want: "[argo]  synced a9f8e7d  14:09"},
		{name: "Actions", blocks: `[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Approve"},"style":"primary"},{"type":"static_select","placeholder":{"type":"plain_text","text":"Pick one"}},{"type":"overflow","options":[]},{"type":"datepicker","initial_date":"2026-03-02"}]}]`,
			want: "[ Approve ]  [ Pick one ▾ ]  [ ⋯ ]  [ 📅 2026-03-02 ]"},
		{name: "DividerImage", blocks: `[{"type":"divider"},{"type":"image","image_url":"https://i","alt_text":"graph"}]`,
			want: divider + "\n[image: graph]"},
		{name: "Input", blocks: `[{"type":"input","label":{"type":"plain_text","text":"Reason"},"element":{"type":"plain_text_input","placeholder":{"type":"plain_text","text":"why roll back?"}}}]`,
			want: "Reason: [ why roll back? ]"},
		{name: "RichText", blocks: `[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"Merged by "},{"type":"user","user_id":"U0SAM"},{"type":"emoji","name":"tada"}]},{"type":"rich_text_list","style":"ordered","elements":[{"type":"rich_text_section","elements":[{"type":"link","url":"https://x","text":"PR"}]},{"type":"rich_text_section","elements":[{"type":"text","text":"sync"}]}]}]}]`,
			want: "Merged by @U0SAM:tada:\n1. PR\n2. sync"},
		{name: "MarkdownBlock", blocks: `[{"type":"markdown","text":"**bold** text"}]`, want: "**bold** text"},
		{name: "Unknown", blocks: `[{"type":"video"}]`, want: "[video block]"},
		{name: "Unreadable", blocks: `{"type":"section"}`, want: "[unreadable blocks]"},
		{name: "Empty", blocks: ``, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, RenderBlocks(json.RawMessage(tt.blocks))); diff != "" {
				t.Errorf("RenderBlocks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestButtonsOf(t *testing.T) {
	blocks, err := os.ReadFile(filepath.Join("testdata", "announcement_planned.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Button{
		{ActionID: "approve", BlockID: "promotion:42", Text: "Approve", Value: "42", Style: "primary"},
		{ActionID: "cancel", BlockID: "promotion:42", Text: "Cancel", Value: "42", Style: "danger"},
	}
	if diff := cmp.Diff(want, buttonsOf(blocks)); diff != "" {
		t.Errorf("buttons (-want +got):\n%s", diff)
	}
}

// TestTranscript posts a planned announcement (testdata/announcement_planned.json)
// with a thread, an ephemeral refusal, an edited message and an App Home
// through the real client, and compares the transcript with
// testdata/transcript.golden (go test -update rewrites it).
func TestTranscript(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Clock: clock.Now})
	for _, u := range []User{{ID: "U0MARIA", Name: "maria"}, {ID: "U0LI", Name: "li"}, {ID: "U0SAM", Name: "sam"}} {
		srv.AddUser(u)
	}
	srv.SetUserGroup(UserGroup{ID: "S0LEADS", Handle: "platform-leads", Members: []string{"U0SAM"}})
	api := apiClient(srv)
	ts := postAnnouncement(t, api, "testdata/announcement_planned.json")
	steps := []func() error{
		func() error {
			return post(api, slack.MsgOptionTS(ts), slack.MsgOptionText("PR opened: <https://github.com/acme/gitops/pull/1042|acme/gitops#1042>", false))
		},
		func() error {
			_, err := api.PostEphemeral("C0DEPLOYS", "U0MARIA", slack.MsgOptionText("You can't approve your own promotion. Ask someone in <!subteam^S0LEADS>.", false))
			return err
		},
		func() error {
			return post(api, slack.MsgOptionTS(ts), slack.MsgOptionText("Approved by <@U0SAM>", false))
		},
		func() error { return post(api, slack.MsgOptionText("checkout: nothing to promote", false)) },
	}
	for _, step := range steps {
		clock.Advance(time.Minute)
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	last := srv.Messages("C0DEPLOYS")[1].TS
	if _, _, _, err := api.UpdateMessage("C0DEPLOYS", last, slack.MsgOptionText("checkout: *already* at sha-b2d77e1", false),
		slack.MsgOptionAttachments(slack.Attachment{Title: "Note", Text: "production runs sha-b2d77e1"})); err != nil {
		t.Fatal(err)
	}
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", "In flight", false, false)),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{
			slack.NewTextBlockObject("mrkdwn", "*api*\n#1042 planned", false, false),
			slack.NewTextBlockObject("mrkdwn", "*requested by*\n<@U0MARIA>", false, false)}, nil)}}}
	if _, err := api.PublishView("U0MARIA", home, ""); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, filepath.Join("testdata", "transcript.golden"), srv.Transcript())
}

func postAnnouncement(t *testing.T, api *slack.Client, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks slack.Blocks
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatal(err)
	}
	_, ts, err := api.PostMessage("C0DEPLOYS", slack.MsgOptionBlocks(blocks.BlockSet...),
		slack.MsgOptionText("🚀 Production deployment planned: api v9.1.0 → v9.1.1", false))
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func post(api *slack.Client, opts ...slack.MsgOption) error {
	_, _, err := api.PostMessage("C0DEPLOYS", opts...)
	return err
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/slackfake -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func FuzzRenderBlocks(f *testing.F) {
	f.Add([]byte(`[{"type":"section","text":{"type":"mrkdwn","text":"*a* <@U1|x>"}}]`))
	f.Add([]byte(`[{"type":"rich_text","elements":[{"type":"rich_text_list","elements":[{}]}]}]`))
	f.Add([]byte(`[{"type":"section","fields":[{"type":"mrkdwn","text":"x\ny"}],"accessory":{"type":"overflow"}}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = RenderBlocks(b)
		_ = buttonsOf(b)
		_, _ = validateBlocks(b, maxMessageBlocks)
	})
}

func FuzzPlainMrkdwn(f *testing.F) {
	f.Add("*bold* _it_ <@U1> <https://x|y> &amp; <!date^1^{date}|today>")
	f.Fuzz(func(t *testing.T, s string) {
		_ = names{}.plainMrkdwn(s)
	})
}
