package enginetest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/store"
)

// TestStatus: the table is read from the base branch on GitHub as it is
// at each call, and the promotions in flight come from the store.
func TestStatus(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	w.advance(11 * time.Minute)
	p := w.request()
	table, active, err := w.eng.Status(ctx)
	must(t, err)
	want := deploy.Status(w.cfg, os.DirFS(layoutDir+"/repo"))
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("table before the merge (-want +got):\n%s", diff)
	}
	if len(active) != 1 || active[0].ID != p.ID || active[0].State != deploy.StatePROpen {
		t.Errorf("in flight = %+v, want %s pr_open", active, p.ID)
	}

	_, err = w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam})
	must(t, err)
	table, _, err = w.eng.Status(ctx)
	must(t, err)
	if got := cell(table, "api", "production"); got.Version != p.Version {
		t.Errorf("api in production after the merge = %+v, want %s", got, p.Version)
	}
}

// cell returns the status of service in env.
func cell(t deploy.StatusTable, service, env string) deploy.StatusCell {
	for _, r := range t.Rows {
		for i, e := range t.Envs {
			if r.Service == service && e == env {
				return r.Cells[i]
			}
		}
	}
	return deploy.StatusCell{}
}

// TestRecent: the latest few promotions of every pair (all services
// included) announced in the channel, newest first.
func TestRecent(t *testing.T) {
	w := newWorld(t, nil)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	put := func(id, service, env, channel string, created time.Time) {
		t.Helper()
		must(t, w.st.PutPromotion(deploy.Promotion{ID: id, Service: service, Env: env, Version: "v1",
			State: deploy.StateSucceeded, CreatedAt: created, Slack: deploy.MessageRef{Channel: channel, TS: "1.0"}}))
	}
	put("api-old", "api", "production", "C1", at(1))
	for i := range 6 { // only the latest five of a pair count
		put(fmt.Sprintf("bill%d", i), "billing", "staging", "C1", at(10+i))
	}
	put("all1", deploy.AllServices, "production", "C1", at(30))
	put("elsewhere", "api", "staging", "C2", at(40))
	t.Run("OK", func(t *testing.T) {
		got, err := w.eng.Recent(context.Background(), "C1")
		must(t, err)
		want := []string{"all1", "bill5", "bill4", "bill3", "bill2", "bill1", "api-old"}
		if diff := cmp.Diff(want, ids(got)); diff != "" {
			t.Errorf("recent in C1 (-want +got):\n%s", diff)
		}
	})
	t.Run("OKNone", func(t *testing.T) {
		got, err := w.eng.Recent(context.Background(), "C9")
		if err != nil || len(got) != 0 {
			t.Errorf("recent in C9 = %v, %v; want none", ids(got), err)
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := w.eng.Recent(ctx, "C1"); err != context.Canceled {
			t.Errorf("Recent with a done context: %v, want context.Canceled", err)
		}
	})
}

func ids(ps []deploy.Promotion) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// TestReads: Promotion and Latest read the store; RecordRefusal writes
// the audit log.
func TestReads(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	w.advance(11 * time.Minute)
	p := w.request()
	got, err := w.eng.Promotion(ctx, p.ID)
	if err != nil || got.ID != p.ID || got.State != deploy.StatePROpen {
		t.Errorf("Promotion(%s) = %+v, %v", p.ID, got, err)
	}
	if _, err := w.eng.Promotion(ctx, "nope"); fault.ErrorCode(err) != fault.CodeNotFound {
		t.Errorf("Promotion(nope): %v, want CodeNotFound", err)
	}
	latest, err := w.eng.Latest(ctx, "api", "production", 5)
	must(t, err)
	if diff := cmp.Diff([]string{p.ID}, ids(latest)); diff != "" {
		t.Errorf("Latest api production (-want +got):\n%s", diff)
	}
	ev := deploy.AuditEvent{At: t0, Actor: eve, Action: "refused:promote", Reason: "no such service"}
	must(t, w.eng.RecordRefusal(ctx, ev))
	evs, err := w.st.AuditSince(0, 100)
	must(t, err)
	last := evs[len(evs)-1]
	if last.Action != ev.Action || last.Actor != eve || last.Reason != ev.Reason {
		t.Errorf("last audit event = %+v, want the refusal", last)
	}
}

// TestReadHistory: the audit log with each event's service and
// environment, filtered and read page by page.
func TestReadHistory(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	w.advance(11 * time.Minute)
	w.request()
	must(t, w.eng.RecordRefusal(ctx, deploy.AuditEvent{At: t0, Actor: eve, Action: "refused:promote"}))
	st := store.ForEngine(w.st)
	type row struct{ Service, Env, Action string }
	rows := func(page deploy.HistoryPage) []row {
		var out []row
		for _, ev := range page.Events {
			out = append(out, row{ev.Service, ev.Env, ev.Action})
		}
		return out
	}
	tests := []struct {
		name string
		f    deploy.HistoryFilter
		want []row
	}{
		{"OK", deploy.HistoryFilter{}, []row{{"api", "production", "request"}, {"api", "production", "pr_opened"}, {"", "", "refused:promote"}}},
		{"OKFiltered", deploy.HistoryFilter{Service: "api", Env: "production"}, []row{{"api", "production", "request"}, {"api", "production", "pr_opened"}}},
		{"OKOtherEnv", deploy.HistoryFilter{Env: "staging"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := deploy.ReadHistory(st, tt.f, 0, 100)
			must(t, err)
			if diff := cmp.Diff(tt.want, rows(page)); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
			if page.Next != 0 {
				t.Errorf("next = %d, want 0: the log is read to its end", page.Next)
			}
		})
	}
	t.Run("OKPaged", func(t *testing.T) {
		var got []row
		pages := 0
		for after := uint64(0); ; {
			page, err := deploy.ReadHistory(st, deploy.HistoryFilter{}, after, 2)
			must(t, err)
			pages++
			got = append(got, rows(page)...)
			if page.Next == 0 {
				break
			}
			after = page.Next
		}
		if diff := cmp.Diff(tests[0].want, got); diff != "" || pages != 2 {
			t.Errorf("history in %d pages of 2, want 2 pages (-want +got):\n%s", pages, diff)
		}
	})
}
