package bot

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/deploybot/deploybot/deploy"
)

// killDuringPost runs Notify(n) and kills it at its posts-th
// chat.postMessage: Slack carries the post out, and the call is cut off
// before the bot reads the answer, so the engine never stores the ts.
func (r *restartable) killDuringPost(t *testing.T, n deploy.Notice, posts int) {
	t.Helper()
	for range posts {
		r.srv.HoldNext("chat.postMessage")
	}
	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan error, 1)
	go func() { _, err := r.h.bot.Notify(ctx, n); done <- err }()
	for i := 1; i <= posts; i++ {
		err := r.srv.Wait(testCtx(t), func() bool {
			return r.srv.CallCount("chat.postMessage") >= i && r.srv.Held() == 1
		})
		if err != nil {
			t.Fatal(err)
		}
		if i < posts {
			r.srv.ReleaseHeld()
		}
	}
	cancel()
	if err := <-done; err == nil && posts == 1 {
		t.Fatal("Notify returned no error although its post was cut off")
	}
}

// repeated is the notice the engine repeats after a restart for a
// promotion whose announcement it never recorded: the state's notice
// with the line built from the promotion (see deploy's renotify).
func repeated() deploy.Notice {
	n := plannedNotice()
	n.Line = "PR opened: #1042 promote(production): api v9.1.0 → v9.1.1"
	return n
}

// TestCrashAfterPost: a kill right after Slack took a post whose ts is
// kept, before it was stored, leaves one story after the restart: the
// repeated notice finds the earlier announcement, updates it and does
// not post it (or its first thread line) again.
func TestCrashAfterPost(t *testing.T) {
	for _, tt := range []struct {
		name    string
		posts   int // the chat.postMessage the kill comes in
		restart bool
	}{
		{"OKAnnouncement", 1, true},
		{"OKFirstThreadReply", 2, true},
		{"OKAnnouncementNoRestart", 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRestartable(t)
			r.killDuringPost(t, plannedNotice(), tt.posts)
			if tt.restart {
				r.restart(t)
			}
			r.clock.Advance(time.Minute)
			ref, err := r.h.bot.Notify(testCtx(t), repeated())
			if err != nil {
				t.Fatal(err)
			}
			msgs := r.srv.Messages(testChannel)
			if len(msgs) != 1 {
				t.Fatalf("channel has %d top-level messages, want the one announcement:\n%s", len(msgs), r.srv.ChannelTranscript(testChannel))
			}
			if ref.TS != msgs[0].TS || msgs[0].Updates == 0 {
				t.Errorf("Notify = %+v, announcement %s edited %d times; want the earlier one, updated",
					ref, msgs[0].TS, msgs[0].Updates)
			}
			thread := r.srv.Thread(testChannel, ref.TS)
			if len(thread) != 1 || !strings.Contains(thread[0].Text, "PR opened") {
				t.Errorf("thread = %d lines, want one \"PR opened\":\n%s", len(thread), r.srv.ChannelTranscript(testChannel))
			}
			// The story goes on in the same message.
			n := repeated()
			n.Promotion.Slack, n.Promotion.Notified = ref, deploy.StatePROpen
			n.Promotion.State, n.Kind, n.Line = deploy.StateApproved, deploy.NoticeApproved, "Approved by <@U0SAM001> (1 of 1)"
			if _, err := r.h.bot.Notify(testCtx(t), n); err != nil {
				t.Fatal(err)
			}
			if got := len(r.srv.Messages(testChannel)); got != 1 {
				t.Errorf("after the next notice: %d top-level messages, want 1", got)
			}
		})
	}
}

// TestCrashAfterPostMissingScope: without channels:history the bot
// cannot look, so it posts again and logs the scope to add.
func TestCrashAfterPostMissingScope(t *testing.T) {
	r := newRestartable(t, "commands", "chat:write", "usergroups:read")
	r.killDuringPost(t, plannedNotice(), 1)
	r.restart(t)
	if _, err := r.h.bot.Notify(testCtx(t), repeated()); err != nil {
		t.Fatal(err)
	}
	if got := len(r.srv.Messages(testChannel)); got != 2 {
		t.Errorf("%d top-level messages, want 2: it could not look", got)
	}
	r.waitLog(t, "add the channels:history")
}

// TestPostsCarryMetadata: the announcement and a state's thread line
// name the promotion in their metadata; the normal path reads no
// history.
func TestPostsCarryMetadata(t *testing.T) {
	h := start(t, nil)
	ref, err := h.bot.Notify(testCtx(t), plannedNotice())
	if err != nil {
		t.Fatal(err)
	}
	m, _ := h.srv.Message(testChannel, ref.TS)
	reply := h.srv.Thread(testChannel, ref.TS)[0]
	for _, tt := range []struct{ got, want string }{
		{string(m.Metadata), `{"event_type":"deploybot_promotion","event_payload":{"kind":"announcement","promotion_id":"p1"}}`},
		{string(reply.Metadata), `{"event_type":"deploybot_promotion","event_payload":{"kind":"thread_reply","promotion_id":"p1","state":"pr_open"}}`},
	} {
		if tt.got != tt.want {
			t.Errorf("metadata = %s, want %s", tt.got, tt.want)
		}
	}
	if n := h.srv.CallCount("conversations.history") + h.srv.CallCount("conversations.replies"); n != 0 {
		t.Errorf("history calls = %d on the normal path, want 0", n)
	}
}

// manifestScopes reads the bot scopes of the app manifest users install.
func manifestScopes(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "deploy", "slack-app-manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m.OAuth.Scopes.Bot
}

// TestManifestScopesRecover: with exactly the manifest's scopes, the bot
// finds its earlier post after a crash.
func TestManifestScopesRecover(t *testing.T) {
	r := newRestartable(t, manifestScopes(t)...)
	r.killDuringPost(t, plannedNotice(), 2)
	r.restart(t)
	ref, err := r.h.bot.Notify(testCtx(t), repeated())
	if err != nil {
		t.Fatal(err)
	}
	if n, m := len(r.srv.Messages(testChannel)), len(r.srv.Thread(testChannel, ref.TS)); n != 1 || m != 1 {
		t.Errorf("%d announcements with %d thread lines, want 1 and 1; log:\n%s", n, m, r.log.String())
	}
}
