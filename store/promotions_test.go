package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestGetPromotion(t *testing.T) {
	s := openTest(t, testPath(t))
	mustPut(t, s, fullPromotion())
	t.Run("OK", func(t *testing.T) {
		got, err := s.GetPromotion("p-full")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(fullPromotion(), got); diff != "" {
			t.Errorf("GetPromotion (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.GetPromotion("p-missing")
		wantCode(t, err, fault.CodeNotFound)
		wantMessage(t, err, "p-missing")
	})
}

func TestPutPromotionInvalid(t *testing.T) {
	s := openTest(t, testPath(t))
	mustPut(t, s, promotion("p1", "api", "staging", 1, deploy.StateRequested))
	edit := func(f func(p *deploy.Promotion)) deploy.Promotion {
		p := promotion("p1", "api", "staging", 1, deploy.StateRequested)
		f(&p)
		return p
	}
	tests := []struct {
		name string
		p    deploy.Promotion
		want fault.Code
	}{
		{"ErrNoID", edit(func(p *deploy.Promotion) { p.ID = "" }), fault.CodeInvalid},
		{"ErrNoService", edit(func(p *deploy.Promotion) { p.ID, p.Service = "p2", "" }), fault.CodeInvalid},
		{"ErrNULInEnv", edit(func(p *deploy.Promotion) { p.ID, p.Env = "p2", "sta\x00ging" }), fault.CodeInvalid},
		{"ErrZeroCreatedAt", edit(func(p *deploy.Promotion) { p.ID, p.CreatedAt = "p2", time.Time{} }), fault.CodeInvalid},
		{"ErrServiceChanged", edit(func(p *deploy.Promotion) { p.Service = "web" }), fault.CodeInternal},
		{"ErrEnvChanged", edit(func(p *deploy.Promotion) { p.Env = "production" }), fault.CodeInternal},
		{"ErrCreatedAtChanged", edit(func(p *deploy.Promotion) { p.CreatedAt = p.CreatedAt.Add(time.Nanosecond) }), fault.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, s.PutPromotion(tt.p), tt.want)
		})
	}
	t.Run("OK", func(t *testing.T) {
		p := edit(func(p *deploy.Promotion) {
			p.State = deploy.StatePROpen
			p.CreatedAt = p.CreatedAt.In(time.FixedZone("CET", 3600)) // the same instant
		})
		if err := s.PutPromotion(p); err != nil {
			t.Fatalf("replace: %v", err)
		}
		got, err := s.LatestPromotions("api", "staging", 5)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]deploy.Promotion{p}, got); diff != "" {
			t.Errorf("one index entry after replace (-want +got):\n%s", diff)
		}
	})
}

func TestLatestPromotions(t *testing.T) {
	s := openTest(t, testPath(t))
	var ps []deploy.Promotion
	// Put out of order, in pairs whose names are prefixes of each other.
	for _, m := range []int{5, 1, 9, 3, 7, 2, 8, 4, 6} {
		ps = append(ps,
			promotion(fmt.Sprintf("api-prod-%d", m), "api", "prod", m, deploy.StateSucceeded),
			promotion(fmt.Sprintf("api-prod2-%d", m), "api", "prod2", m+100, deploy.StateSucceeded),
			promotion(fmt.Sprintf("api2-prod-%d", m), "api2", "prod", m+200, deploy.StateSucceeded),
			promotion(fmt.Sprintf("ap-iprod-%d", m), "ap", "iprod", m+300, deploy.StateSucceeded))
	}
	mustPut(t, s, ps...)
	mustPut(t, s, promotion("zz-last", "zz", "zz", 1, deploy.StateRequested)) // the index's last key
	tests := []struct {
		name, service, env string
		n                  int
		want               []string
	}{
		{"OK", "api", "prod", 3, []string{"api-prod-9", "api-prod-8", "api-prod-7"}},
		{"OKAll", "api", "prod", 100, []string{"api-prod-9", "api-prod-8", "api-prod-7", "api-prod-6",
			"api-prod-5", "api-prod-4", "api-prod-3", "api-prod-2", "api-prod-1"}},
		{"OKOtherEnv", "api", "prod2", 1, []string{"api-prod2-9"}},
		{"OKOtherService", "api2", "prod", 2, []string{"api2-prod-9", "api2-prod-8"}},
		{"OKLastKey", "zz", "zz", 2, []string{"zz-last"}},
		{"OKNone", "api", "pro", 5, []string{}},
		{"OKZero", "api", "prod", 0, []string{}},
		{"OKNegative", "api", "prod", -1, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.LatestPromotions(tt.service, tt.env, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("LatestPromotions(%q, %q, %d) (-want +got):\n%s", tt.service, tt.env, tt.n, diff)
			}
		})
	}
}

func TestLatestPromotionsSameTime(t *testing.T) {
	s := openTest(t, testPath(t))
	mustPut(t, s, promotion("a", "api", "prod", 1, deploy.StateSucceeded), promotion("b", "api", "prod", 1, deploy.StateSucceeded))
	got, err := s.LatestPromotions("api", "prod", 5)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b", "a"}, ids(got)); diff != "" {
		t.Errorf("same CreatedAt, by ID descending (-want +got):\n%s", diff)
	}
}

func TestActivePromotions(t *testing.T) {
	s := openTest(t, testPath(t))
	steps := []struct {
		name string
		put  deploy.Promotion
		want []string
	}{
		{"Requested", promotion("p2", "api", "prod", 2, deploy.StateRequested), []string{"p2"}},
		{"OlderFirst", promotion("p1", "web", "prod", 1, deploy.StateRequested), []string{"p1", "p2"}},
		{"StillActive", promotion("p2", "api", "prod", 2, deploy.StateWatching), []string{"p1", "p2"}},
		{"Succeeded", promotion("p2", "api", "prod", 2, deploy.StateSucceeded), []string{"p1"}},
		{"Blocked", promotion("p1", "web", "prod", 1, deploy.StateBlocked), []string{}},
		{"CreatedFinal", promotion("p3", "web", "prod", 3, deploy.StateCancelled), []string{}},
		{"ActiveAgain", promotion("p3", "web", "prod", 3, deploy.StatePROpen), []string{"p3"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			mustPut(t, s, st.put)
			got, err := s.ActivePromotions()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st.want, ids(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ActivePromotions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFinalStatesLeaveActiveIndex(t *testing.T) {
	s := openTest(t, testPath(t))
	for i, st := range deploy.States {
		mustPut(t, s, promotion(fmt.Sprintf("p%02d", i), "api", "prod", i, st))
	}
	got, err := s.ActivePromotions()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, st := range deploy.States {
		if !st.Final() {
			want = append(want, fmt.Sprintf("p%02d", i))
		}
	}
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		t.Errorf("ActivePromotions (-want +got):\n%s", diff)
	}
}
