package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy/fault"
)

func TestJobs(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	j1 := Job{ID: "e2", Kind: "command", Payload: json.RawMessage(`{"text":"api prod"}`), CreatedAt: t0.Add(time.Second)}
	j2 := Job{ID: "e1", Kind: "action", Payload: json.RawMessage(`{"action":"approve"}`), CreatedAt: t0}
	j1b := j1
	j1b.Attempts = 1
	steps := []struct {
		name string
		do   func() error
		want []Job
	}{
		{"Put", func() error { return s.PutJob(j1) }, []Job{j1}},
		{"OldestFirst", func() error { return s.PutJob(j2) }, []Job{j2, j1}},
		{"Replace", func() error { return s.PutJob(j1b) }, []Job{j2, j1b}},
		{"Delete", func() error { return s.DeleteJob("e1") }, []Job{j1b}},
		{"DeleteAbsent", func() error { return s.DeleteJob("e1") }, []Job{j1b}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			got, err := s.Jobs()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("jobs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJobsSurviveReopen(t *testing.T) {
	path := testPath(t)
	s, err := Open(Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	j := Job{ID: "e1", Kind: "command", Payload: json.RawMessage(`{}`), CreatedAt: t0}
	if err := s.PutJob(j); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := openTest(t, path).Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Job{j}, got); diff != "" {
		t.Errorf("jobs after reopen (-want +got):\n%s", diff)
	}
}

func TestPutJobInvalid(t *testing.T) {
	s := openTest(t, testPath(t))
	for name, j := range map[string]Job{
		"ErrEmptyID": {Kind: "command"},
		"ErrNUL":     {ID: "a\x00b"},
		"ErrNotJSON": {ID: "e1", Payload: json.RawMessage(`{`)},
	} {
		t.Run(name, func(t *testing.T) {
			if err := s.PutJob(j); fault.ErrorCode(err) != fault.CodeInvalid {
				t.Errorf("PutJob(%+v) = %v, want CodeInvalid", j, err)
			}
		})
	}
}

func TestAcceptJobs(t *testing.T) {
	s := openTest(t, testPath(t))
	acc := func(id string, keys ...string) Accept {
		a := Accept{Job: Job{ID: id, Kind: "command", Payload: json.RawMessage(`{}`), CreatedAt: t0}}
		for _, k := range keys {
			a.Claims = append(a.Claims, Claim{Key: k, TTL: time.Minute})
		}
		return a
	}
	fresh, repeat := Accepted{Fresh: true}, Accepted{}
	steps := []struct {
		name     string
		batch    []Accept
		now      time.Time
		want     []Accepted
		wantCode []fault.Code
		wantJobs []string
	}{
		{"OK", []Accept{acc("e1", "env:e1", "cmd:maria")}, t0,
			[]Accepted{fresh}, nil, []string{"e1"}},
		{"OKRepeatStoresNothing", []Accept{acc("e2", "env:e2", "cmd:maria")}, t0.Add(time.Second),
			[]Accepted{repeat}, nil, []string{"e1"}},
		// The repeat claimed none of its keys: env:e2 is still free.
		{"OKRepeatClaimsNothing", []Accept{acc("e3", "env:e2")}, t0.Add(time.Second),
			[]Accepted{fresh}, nil, []string{"e1", "e3"}},
		{"OKRepeatInOneBatch", []Accept{acc("e4", "env:e4", "cmd:sam"), acc("e5", "env:e5", "cmd:sam")}, t0,
			[]Accepted{fresh, repeat}, nil, []string{"e1", "e3", "e4"}},
		{"OKExpired", []Accept{acc("e6", "env:e6", "cmd:maria")}, t0.Add(time.Minute),
			[]Accepted{fresh}, nil, []string{"e1", "e3", "e4", "e6"}},
		{"ErrInvalidAloneRefused", []Accept{acc("e7", ""), acc("", "env:x"), acc("e8", "env:e8")}, t0,
			[]Accepted{repeat, repeat, fresh}, []fault.Code{fault.CodeInvalid, fault.CodeInvalid, ""},
			[]string{"e1", "e3", "e4", "e6", "e8"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, err := s.AcceptJobs(st.batch, st.now)
			if err != nil {
				t.Fatal(err)
			}
			var codes []fault.Code
			for i := range got {
				if st.wantCode != nil {
					codes = append(codes, fault.ErrorCode(got[i].Err))
				}
				got[i].Err = nil
			}
			if diff := cmp.Diff(st.want, got); diff != "" {
				t.Errorf("AcceptJobs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(st.wantCode, codes); diff != "" {
				t.Errorf("error codes (-want +got):\n%s", diff)
			}
			jobs, err := s.Jobs()
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, j := range jobs {
				ids = append(ids, j.ID)
			}
			if diff := cmp.Diff(st.wantJobs, ids); diff != "" {
				t.Errorf("jobs (-want +got):\n%s", diff)
			}
		})
	}
}
