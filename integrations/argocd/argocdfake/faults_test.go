package argocdfake

import (
	"errors"
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestInjectAndCalls(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	f.srv.ResetCalls()
	f.srv.Inject("Get", status.Error(codes.Internal, "etcdserver: request timed out"), 2)
	f.srv.Inject("Sync", status.Error(codes.Unavailable, "connection refused"), 0)
	var got []string
	for range 3 {
		_, err := c.Get(t.Context(), &application.ApplicationQuery{Name: ptr("api-production")})
		code, msg := codeMsg(err)
		got = append(got, code+" "+msg)
	}
	for range 2 {
		code, _ := codeMsg(func() error { _, err := c.Sync(t.Context(), syncReq("api-production", "main")); return err }())
		got = append(got, code)
	}
	f.srv.ClearInjections()
	_, err := c.Sync(t.Context(), syncReq("api-production", "main"))
	code, _ := codeMsg(err)
	got = append(got, code)
	want := []string{"Internal etcdserver: request timed out", "Internal etcdserver: request timed out", "OK ",
		"Unavailable", "Unavailable", "OK"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Get": 3, "Sync": 3}, f.srv.Calls()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// TestComparisonError: a Source failure shows as Argo CD shows a repo
// error, and clears when the Source recovers.
func TestComparisonError(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	f.src.SetErr(errors.New("authentication required"))
	if err := f.srv.Advance(t.Context(), time.Minute); err == nil {
		t.Fatal("Advance: want the Source error")
	}
	a := get(t, c, "api-production")
	var conds []string
	for _, cond := range a.Status.Conditions {
		conds = append(conds, cond.Type+": "+cond.Message)
	}
	want := []string{"ComparisonError: Failed to load target state: failed to get latest revision: authentication required"}
	if diff := cmp.Diff(want, conds); diff != "" || a.Status.Sync.Status != "Unknown" {
		t.Errorf("sync %s, conditions (-want +got):\n%s", a.Status.Sync.Status, diff)
	}
	// As CompareAppState: nothing was generated, so no revision was
	// compared and no resource's status is known (the stand-in used to
	// keep the last revision and call the Service Synced).
	var resources []string
	for _, r := range a.Status.Resources {
		resources = append(resources, r.Kind+": "+string(r.Status))
	}
	if diff := cmp.Diff([]string{"Service: Unknown", "Deployment: Unknown"}, resources); diff != "" || a.Status.Sync.Revision != "" {
		t.Errorf("revision %q, want \"\"; resources (-want +got):\n%s", a.Status.Sync.Revision, diff)
	}
	f.src.SetErr(nil)
	f.advance(t, time.Minute)
	if a := get(t, c, "api-production"); len(a.Status.Conditions) != 0 || a.Status.Sync.Status != "Synced" {
		t.Errorf("after recovery: sync %s, conditions %v; want Synced, none", a.Status.Sync.Status, a.Status.Conditions)
	}
}

func TestClientProbe(t *testing.T) {
	f := newFixture(t)
	f.client(t, "")
	if got := f.srv.Calls()["Version"]; got != 1 {
		t.Errorf("Version calls = %d, want 1 (the apiclient's connection probe)", got)
	}
}
