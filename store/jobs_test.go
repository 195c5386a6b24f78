package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
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
			if err := s.PutJob(j); deploy.ErrorCode(err) != deploy.CodeInvalid {
				t.Errorf("PutJob(%+v) = %v, want CodeInvalid", j, err)
			}
		})
	}
}
