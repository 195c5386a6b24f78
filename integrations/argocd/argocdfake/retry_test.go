package argocdfake

import (
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// attempt is what a watcher sees of a failing operation at one moment.
type attempt struct {
	At         time.Duration // since t0
	Phase, Msg string
	Operation  bool
	Retries    int64
	Finished   time.Duration // since t0; -1 for none
	Conditions []string
}

func attemptOf(a *v1alpha1.Application) attempt {
	st := a.Status.OperationState
	at := attempt{Phase: string(st.Phase), Msg: st.Message, Operation: a.Operation != nil, Retries: st.RetryCount, Finished: -1}
	if st.FinishedAt != nil {
		at.Finished = st.FinishedAt.Sub(t0)
	}
	for _, c := range a.Status.Conditions {
		at.Conditions = append(at.Conditions, string(c.Type)+": "+c.Message)
	}
	return at
}

// TestRetries: a failed automated sync is retried as Argo CD v2.14's
// controller retries it (autoSync's retry limit 5, the default backoff of
// 5s doubling, waited from the failure with the new retry count), staying
// Running in between; then it ends Failed and the app gets a SyncError
// condition. The stand-in used to end it Failed at once.
func TestRetries(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	f.script(t, "api-staging", Script{Outcome: OutcomeSyncFailed, Message: "quota exceeded"})
	sha := f.src.Commit(repo, "main", stgFile)
	f.advance(t, time.Minute) // the first attempt starts at +1m and fails at +1m5s
	var got []attempt
	look := func(d time.Duration) {
		t.Helper()
		f.advance(t, d)
		at := attemptOf(get(t, c, "api-staging"))
		at.At = f.clock.Now().Sub(t0)
		got = append(got, at)
	}
	look(5 * time.Second)
	if _, err := c.Sync(t.Context(), syncReq("api-staging", "")); status.Code(err) != codes.FailedPrecondition {
		t.Errorf("Sync while a retry waits: %v, want FailedPrecondition", err)
	}
	look(10 * time.Second) // second attempt: +1m15s..+1m20s
	look(5 * time.Second)
	look(20*time.Second + 5*time.Second) // third: +1m40s..+1m45s
	look(10 * time.Minute)               // fourth, fifth and sixth attempts: the last fails at +6m40s
	look(3 * time.Minute)                // a periodic reconcile
	retrying := func(n int64, at, failed time.Duration, next string) attempt {
		return attempt{At: at, Phase: "Running", Operation: true, Retries: n, Finished: failed,
			Msg: "quota exceeded due to application controller sync timeout. Retrying attempt #" + itoa(n) + " at " + next + "."}
	}
	want := []attempt{
		retrying(1, 65*time.Second, 65*time.Second, "10:01AM"),
		{At: 75 * time.Second, Phase: "Running", Msg: msgRunning, Operation: true, Retries: 1, Finished: -1},
		retrying(2, 80*time.Second, 80*time.Second, "10:01AM"),
		retrying(3, 105*time.Second, 105*time.Second, "10:02AM"),
		{At: 705 * time.Second, Phase: "Failed", Msg: "quota exceeded (retried 5 times).", Retries: 5, Finished: 400 * time.Second,
			Conditions: []string{"SyncError: Failed sync attempt to " + sha + ": quota exceeded (retried 5 times)."}},
		{At: 885 * time.Second, Phase: "Failed", Msg: "quota exceeded (retried 5 times).", Retries: 5, Finished: 400 * time.Second,
			Conditions: []string{"SyncError: Failed sync attempt to " + sha + ": quota exceeded (retried 5 times)."}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("attempts (-want +got):\n%s", diff)
	}

	t.Run("OKConditionGoesWithTheNextCommit", func(t *testing.T) {
		f.src.Commit(repo, "main", stgFile)
		f.advance(t, 0)
		if got := attemptOf(get(t, c, "api-staging")); got.Conditions != nil || got.Phase != "Running" {
			t.Errorf("after a new commit: %+v, want a new operation Running and no condition", got)
		}
	})
}
