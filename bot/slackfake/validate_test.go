package slackfake

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

// btn is a button element with action_id id.
func btn(id string) string {
	return `{"type":"button","action_id":"` + id + `","value":"p1","text":{"type":"plain_text","text":"Go"}}`
}

func opt(text, value string) string {
	return `{"text":{"type":"plain_text","text":"` + text + `"},"value":"` + value + `"}`
}

func repeatJoin(s string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = s
	}
	return strings.Join(parts, ",")
}

func TestValidateBlocks(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	section := func(text string) string {
		return `{"type":"section","text":{"type":"mrkdwn","text":"` + text + `"}}`
	}
	accessory := func(el string) string {
		return `{"type":"section","text":{"type":"mrkdwn","text":"a"},"accessory":` + el + `}`
	}
	tests := []struct {
		name   string
		blocks string
		want   []string // response_metadata messages; nil is accepted
	}{
		{name: "OK", blocks: `[` + section("hi") + `,{"type":"actions","elements":[` + btn("a") + `,` + btn("b") + `]}]`},
		{name: "OKSectionText3000", blocks: `[` + section(x(3000)) + `]`},
		{name: "ErrSectionText3001", blocks: `[` + section(x(3001)) + `]`,
			want: []string{"[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"}},
		{name: "ErrTooManyBlocks", blocks: `[` + repeatJoin(section("a"), 51) + `]`,
			want: []string{"[ERROR] no more than 50 items allowed [json-pointer:/blocks]"}},
		{name: "ErrDuplicateBlockID", blocks: `[{"type":"divider","block_id":"b"},{"type":"divider","block_id":"b"}]`,
			want: []string{`[ERROR] non-unique block_id "b" [json-pointer:/blocks/1/block_id]`}},
		// Two Rollback buttons with one action_id in two sections of a
		// message: the /rollback picker before issue #13's fix.
		{name: "ErrDuplicateActionIDAcrossBlocks", blocks: `[` + accessory(btn("rollback")) + `,` + accessory(btn("rollback")) + `]`,
			want: []string{`[ERROR] non-unique action_id "rollback" [json-pointer:/blocks/1/accessory/action_id]`}},
		{name: "ErrDuplicateActionIDInBlock", blocks: `[{"type":"actions","elements":[` + btn("a") + `,` + btn("a") + `]}]`,
			want: []string{`[ERROR] non-unique action_id "a" [json-pointer:/blocks/0/elements/1/action_id]`}},
		{name: "ErrActionIDTooLong", blocks: `[` + accessory(btn(x(256))) + `]`,
			want: []string{"[ERROR] must be less than 256 characters [json-pointer:/blocks/0/accessory/action_id]"}},
		{name: "ErrTooManyActionElements", blocks: `[{"type":"actions","elements":[` + repeatJoin(`{"type":"button","text":{"type":"plain_text","text":"a"}}`, 26) + `]}]`,
			want: []string{"[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]"}},
		{name: "ErrButtonTextMrkdwn", blocks: `[` + accessory(`{"type":"button","text":{"type":"mrkdwn","text":"*Go*"}}`) + `]`,
			want: []string{"[ERROR] must be a valid enum value [json-pointer:/blocks/0/accessory/text/type]"}},
		{name: "ErrButtonText76", blocks: `[` + accessory(`{"type":"button","text":{"type":"plain_text","text":"`+x(76)+`"}}`) + `]`,
			want: []string{"[ERROR] must be less than 76 characters [json-pointer:/blocks/0/accessory/text/text]"}},
		{name: "ErrButtonStyle", blocks: `[` + accessory(`{"type":"button","style":"secondary","text":{"type":"plain_text","text":"a"}}`) + `]`,
			want: []string{"[ERROR] must be a valid enum value [json-pointer:/blocks/0/accessory/style]"}},
		{name: "ErrButtonURL", blocks: `[` + accessory(`{"type":"button","url":"https://`+x(2995)+`","text":{"type":"plain_text","text":"a"}}`) + `]`,
			want: []string{"[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/accessory/url]"}},
		{name: "ErrUnknownElement", blocks: `[{"type":"actions","elements":[{"type":"image","image_url":"https://x","alt_text":"x"}]}]`,
			want: []string{`[ERROR] unsupported type: "image" [json-pointer:/blocks/0/elements/0/type]`}},
		{name: "ErrEmojiOnMrkdwn", blocks: `[{"type":"section","text":{"type":"mrkdwn","text":"a","emoji":true}}]`,
			want: []string{"[ERROR] emoji is only usable when type is plain_text [json-pointer:/blocks/0/text/emoji]"}},
		{name: "ErrVerbatimOnPlainText", blocks: `[{"type":"header","text":{"type":"plain_text","text":"a","verbatim":false}}]`,
			want: []string{"[ERROR] verbatim is only usable when type is mrkdwn [json-pointer:/blocks/0/text/verbatim]"}},
		{name: "ErrHeaderMrkdwn", blocks: `[{"type":"header","text":{"type":"mrkdwn","text":"*a*"}}]`,
			want: []string{"[ERROR] must be a valid enum value [json-pointer:/blocks/0/text/type]"}},
		{name: "OKContext", blocks: `[{"type":"context","elements":[{"type":"mrkdwn","text":"` + x(3000) + `"},{"type":"image","image_url":"https://x/a.png","alt_text":"a"}]}]`},
		{name: "ErrContextText3001", blocks: `[{"type":"context","elements":[{"type":"mrkdwn","text":"` + x(3001) + `"}]}]`,
			want: []string{"[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/elements/0/text]"}},
		{name: "ErrContextElementType", blocks: `[{"type":"context","elements":[` + btn("a") + `]}]`,
			want: []string{"[ERROR] must be a valid enum value [json-pointer:/blocks/0/elements/0/type]"}},
		{name: "ErrContextEmpty", blocks: `[{"type":"context","elements":[]}]`,
			want: []string{"[ERROR] must provide at least 1 item [json-pointer:/blocks/0/elements]"}},
		{name: "ErrImageNoAltText", blocks: `[{"type":"image","image_url":"https://x/a.png"}]`,
			want: []string{"[ERROR] missing required field: alt_text [json-pointer:/blocks/0]"}},
		{name: "OKOverflow", blocks: `[` + accessory(`{"type":"overflow","action_id":"o","options":[`+repeatJoin(opt("a", "b"), 5)+`]}`) + `]`},
		{name: "ErrOverflowSixOptions", blocks: `[` + accessory(`{"type":"overflow","options":[`+repeatJoin(opt("a", "b"), 6)+`]}`) + `]`,
			want: []string{"[ERROR] no more than 5 items allowed [json-pointer:/blocks/0/accessory/options]"}},
		{name: "ErrOverflowNoOptions", blocks: `[` + accessory(`{"type":"overflow","options":[]}`) + `]`,
			want: []string{"[ERROR] must provide at least 1 item [json-pointer:/blocks/0/accessory/options]"}},
		{name: "ErrOptionText76", blocks: `[` + accessory(`{"type":"static_select","placeholder":{"type":"plain_text","text":"p"},"options":[`+opt(x(76), "v")+`]}`) + `]`,
			want: []string{"[ERROR] must be less than 76 characters [json-pointer:/blocks/0/accessory/options/0/text/text]"}},
		{name: "ErrOptionValue151", blocks: `[` + accessory(`{"type":"overflow","options":[`+opt("a", x(151))+`]}`) + `]`,
			want: []string{"[ERROR] must be less than 151 characters [json-pointer:/blocks/0/accessory/options/0/value]"}},
		{name: "ErrOptionMrkdwnInSelect", blocks: `[` + accessory(`{"type":"static_select","options":[{"text":{"type":"mrkdwn","text":"*a*"},"value":"a"}]}`) + `]`,
			want: []string{"[ERROR] must be a valid enum value [json-pointer:/blocks/0/accessory/options/0/text/type]"}},
		{name: "ErrOptionURLOutsideOverflow", blocks: `[` + accessory(`{"type":"radio_buttons","options":[{"text":{"type":"mrkdwn","text":"a"},"value":"a","url":"https://x"}]}`) + `]`,
			want: []string{"[ERROR] url is only allowed in overflow menus [json-pointer:/blocks/0/accessory/options/0/url]"}},
		{name: "ErrTooManySelectOptions", blocks: `[` + accessory(`{"type":"static_select","options":[`+repeatJoin(opt("a", "b"), 101)+`]}`) + `]`,
			want: []string{"[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/accessory/options]"}},
		{name: "ErrConfirm", blocks: `[` + accessory(`{"type":"button","text":{"type":"plain_text","text":"a"},"confirm":{"title":{"type":"mrkdwn","text":"t"},"text":{"type":"plain_text","text":"`+x(301)+`"},"confirm":{"type":"plain_text","text":"`+x(31)+`"},"deny":{"type":"plain_text","text":"no"}}}`) + `]`,
			want: []string{
				"[ERROR] must be a valid enum value [json-pointer:/blocks/0/accessory/confirm/title/type]",
				"[ERROR] must be less than 301 characters [json-pointer:/blocks/0/accessory/confirm/text/text]",
				"[ERROR] must be less than 31 characters [json-pointer:/blocks/0/accessory/confirm/confirm/text]",
			}},
		{name: "ErrTooManyFields", blocks: `[{"type":"section","fields":[` + repeatJoin(`{"type":"mrkdwn","text":"a"}`, 11) + `]}]`,
			want: []string{"[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]"}},
		{name: "ErrField2001", blocks: `[{"type":"section","fields":[{"type":"mrkdwn","text":"` + x(2001) + `"}]}]`,
			want: []string{"[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, apiErr := validateBlocks([]byte(tt.blocks), maxMessageBlocks)
			var got []string
			if apiErr != nil {
				if apiErr.code != "invalid_blocks" {
					t.Fatalf("error = %s, want invalid_blocks", apiErr.code)
				}
				got = apiErr.messages
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseView(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	modal := func(fields string) string {
		return `{"type":"modal","title":{"type":"plain_text","text":"Roll back"},` + fields + `"blocks":[{"type":"divider"}]}`
	}
	tests := []struct {
		name, view, wantType string
		want                 []string
	}{
		{name: "OK", view: modal(`"close":{"type":"plain_text","text":"Cancel"},`), wantType: "modal"},
		{name: "OKHome", view: `{"type":"home","blocks":[` + repeatJoin(`{"type":"divider"}`, 100) + `]}`, wantType: "home"},
		{name: "ErrHomeTooManyBlocks", view: `{"type":"home","blocks":[` + repeatJoin(`{"type":"divider"}`, 101) + `]}`, wantType: "home",
			want: []string{"[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"}},
		{name: "ErrNoTitle", view: `{"type":"modal","blocks":[]}`, wantType: "modal",
			want: []string{"[ERROR] missing required field: text [json-pointer:/view/title]"}},
		{name: "ErrTitle25", view: `{"type":"modal","title":{"type":"plain_text","text":"` + x(25) + `"},"blocks":[]}`, wantType: "modal",
			want: []string{"[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"}},
		{name: "ErrSubmitMrkdwn", view: modal(`"submit":{"type":"mrkdwn","text":"*Go*"},`), wantType: "modal",
			want: []string{"[ERROR] must be a valid enum value [json-pointer:/view/submit/type]"}},
		{name: "ErrInputWithoutSubmit", view: `{"type":"modal","title":{"type":"plain_text","text":"t"},"blocks":[{"type":"input","label":{"type":"plain_text","text":"Why"},"element":{"type":"plain_text_input"}}]}`, wantType: "modal",
			want: []string{"[ERROR] missing required field: submit (the view has an input block) [json-pointer:/view/submit]"}},
		{name: "ErrPrivateMetadata", view: modal(`"private_metadata":"` + x(3001) + `",`), wantType: "modal",
			want: []string{"[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"}},
		{name: "ErrDuplicateBlockIDInView", view: `{"type":"home","blocks":[{"type":"divider","block_id":"a"},{"type":"divider","block_id":"a"}]}`, wantType: "home",
			want: []string{`[ERROR] non-unique block_id "a" [json-pointer:/view/blocks/1/block_id]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, apiErr := parseView(tt.view, tt.wantType)
			var got []string
			if apiErr != nil {
				if apiErr.code != "invalid_arguments" {
					t.Fatalf("error = %s, want invalid_arguments", apiErr.code)
				}
				got = apiErr.messages
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMessageTextTruncated(t *testing.T) {
	srv := newServer(t, Options{})
	long := strings.Repeat("é", maxMessageText+5)
	if _, err := apiClient(srv).PostEphemeral("C0DEPLOYS", "U0MARIA", slackText(long)); err != nil {
		t.Fatal(err)
	}
	got := srv.Ephemerals("U0MARIA")
	if len(got) != 1 || got[0].Text != strings.Repeat("é", maxMessageText) {
		t.Errorf("ephemeral text is %d characters, want cut to %d as Slack does", len([]rune(got[0].Text)), maxMessageText)
	}
}

func slackText(s string) slack.MsgOption { return slack.MsgOptionText(s, false) }
