package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy/fault"
)

func TestWatches(t *testing.T) {
	s := openTest(t, testPath(t))
	w1 := Watch{PromotionID: "p1", App: "api-production", Env: "production", StartedAt: t0, Deadline: t0.Add(30 * time.Minute)}
	w2 := Watch{PromotionID: "p2", App: "web-production", Env: "production", StartedAt: t0, Deadline: t0.Add(10 * time.Minute),
		HealthySince: t0.Add(time.Minute), LastObserved: t0.Add(2 * time.Minute)}
	w1b := w1
	w1b.LastObserved = t0.Add(5 * time.Minute)
	steps := []struct {
		name string
		do   func() error
		want []Watch
	}{
		{"Put", func() error { return s.PutWatch(w1) }, []Watch{w1}},
		{"EarliestDeadlineFirst", func() error { return s.PutWatch(w2) }, []Watch{w2, w1}},
		{"Replace", func() error { return s.PutWatch(w1b) }, []Watch{w2, w1b}},
		{"Delete", func() error { return s.DeleteWatch("p2") }, []Watch{w1b}},
		{"DeleteAbsent", func() error { return s.DeleteWatch("p2") }, []Watch{w1b}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			got, err := s.Watches()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Watches (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ErrNoPromotion", func(t *testing.T) {
		wantCode(t, s.PutWatch(Watch{App: "x"}), fault.CodeInvalid)
	})
}
