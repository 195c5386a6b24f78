package bot

import (
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy"
)

func TestPromoteAllShowsEveryService(t *testing.T) {
	all, details := plannedAll()
	h := start(t, nil)
	h.engine.answerStatus(deploy.StatusTable{Envs: []string{"staging", "production"}, Rows: []deploy.StatusRow{
		{Service: "api", Cells: []deploy.StatusCell{{Version: "v9.1.1"}, {Version: "v9.1.0"}}},
		{Service: "checkout", Cells: []deploy.StatusCell{{Version: "sha-a3f891c"}, {Version: "sha-a3f891c"}}},
		{Service: "web", Cells: []deploy.StatusCell{{Version: "3.1"}, {Version: "3.0"}}},
	}}, []deploy.Promotion{all})
	h.engine.promo = all
	h.slash("U0MARIA", "all prod")
	want := "Promotion p3: all services  api v9.1.0 → v9.1.1 · web 3.0 → 3.1 is waiting for approval."
	if got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text; !strings.HasPrefix(got, want) {
		t.Errorf("ephemeral = %q, want it to start %q", got, want)
	}

	ref, err := h.bot.Notify(testCtx(t), deploy.Notice{Promotion: all, Kind: deploy.NoticePlanned, Details: details})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := h.srv.Message(testChannel, ref.TS)
	if want := "all services  api v9.1.0 → v9.1.1 · web 3.0 → 3.1"; !strings.Contains(m.Text, want) {
		t.Errorf("announcement text = %q, want it to contain %q", m.Text, want)
	}

	h.slash("U0MARIA", "status")
	status := h.waitEphemeral(t, "U0MARIA", 2)[1].Text
	for _, want := range []string{"p3 production→v9.1.1 (all) pr_open", "p3 production→3.1 (all) pr_open", "p3 production→all pr_open"} {
		if !strings.Contains(status, want) {
			t.Errorf("status =\n%s\nwant it to contain %q", status, want)
		}
	}
	if strings.Contains(status, "production→ ") {
		t.Errorf("status =\n%s\nshows an empty version", status)
	}
}

func TestRollbackOutcomeOfAll(t *testing.T) {
	all, _ := plannedAll()
	rb := all
	rb.Kind, rb.Changes = deploy.KindRollback, []deploy.ServiceChange{{Service: "api", From: "v9.1.1", To: "v9.1.0"}}
	rb.PR = deploy.PullRequest{Number: 1045, URL: "https://github.com/acme/gitops/pull/1045"}
	got := clickOutcome(actionRollback, rb, "acme/gitops")
	want := "Rolling back all services in production (api v9.1.1 → v9.1.0): <https://github.com/acme/gitops/pull/1045|acme/gitops#1045>."
	if got != want {
		t.Errorf("clickOutcome = %q, want %q", got, want)
	}
}
