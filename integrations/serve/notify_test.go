package serve

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy"
)

// refNotifier answers every notice with the same reference.
type refNotifier struct{ calls int }

func (r *refNotifier) Notify(context.Context, deploy.Notice) (deploy.MessageRef, error) {
	r.calls++
	return deploy.MessageRef{Channel: "C1", TS: "1.2"}, nil
}

func TestNotifierChain(t *testing.T) {
	var logs syncBuffer
	fwd := &forwardNotifier{}
	n := &logNotifier{log: slog.New(slog.NewJSONHandler(&logs, nil)), inner: fwd}
	p := deploy.Promotion{ID: "p1", Service: "api", Env: "production", Version: "v9.1.1", State: deploy.StatePROpen}
	if _, err := n.Notify(context.Background(), deploy.Notice{Promotion: p, Kind: deploy.NoticePlanned}); !errors.Is(err, errNoNotifier) {
		t.Fatalf("before set: err = %v, want errNoNotifier", err)
	}
	bot := &refNotifier{}
	fwd.set(bot)
	ref, err := n.Notify(context.Background(), deploy.Notice{Promotion: p, Kind: deploy.NoticePlanned})
	if err != nil || ref.TS != "1.2" || bot.calls != 1 {
		t.Fatalf("after set: %v, %v, %d calls", ref, err, bot.calls)
	}
	p.State = deploy.StateMerged
	_, _ = n.Notify(context.Background(), deploy.Notice{Promotion: p, Kind: deploy.NoticeMerged})
	out := logs.String()
	if got := strings.Count(out, "\n"); got != 2 {
		t.Errorf("%d log lines, want one per transition (2):\n%s", got, out)
	}
	for _, want := range []string{`"msg":"promotion pr_open","promotion":"p1"`, `"msg":"promotion merged","promotion":"p1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
}
