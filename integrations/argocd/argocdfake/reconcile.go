package argocdfake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"k8s.io/apimachinery/pkg/watch"
)

// Tick runs the simulated controller once at Clock.Now(): for every app it
// finishes the rollout steps that are due, re-reads the Source, updates the
// sync status and starts automated syncs. It returns the Source errors it
// met, joined; the apps concerned get a ComparisonError condition.
func (s *Server) Tick(ctx context.Context) error {
	now := s.clock.Now()
	s.mu.Lock()
	names := make([]string, 0, len(s.apps))
	for name := range s.apps {
		names = append(names, name)
	}
	s.mu.Unlock()
	slices.Sort(names)
	var errs []error
	for _, name := range names {
		if err := s.reconcile(ctx, name, now, false); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Advance moves the clock forward by d and then calls Tick. It returns an
// error if the Clock is not an Advancer, or what Tick returns.
func (s *Server) Advance(ctx context.Context, d time.Duration) error {
	adv, ok := s.clock.(Advancer)
	if !ok {
		return errors.New("argocdfake: Advance needs an Options.Clock with Advance (e.g. NewFakeClock)")
	}
	adv.Advance(d)
	return s.Tick(ctx)
}

// reconcile runs the controller for one app; force updates reconciledAt
// even if nothing changed (a refresh requested by a client).
func (s *Server) reconcile(ctx context.Context, name string, now time.Time, force bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[name]
	if !ok {
		return nil
	}
	s.advance(ctx, a, now)
	if a.run == nil || a.run.stage != stageRefresh {
		if err := s.refresh(ctx, a, now, force); err != nil {
			return err
		}
	}
	s.autoSync(a, now)
	s.advance(ctx, a, now)
	return nil
}

// refresh compares the app with the head of its branch.
func (s *Server) refresh(ctx context.Context, a *app, now time.Time, force bool) error {
	head, err := s.source.Head(ctx, a.spec.Repo, a.spec.Branch)
	if err != nil {
		s.comparisonError(a, err, now)
		return fmt.Errorf("argocdfake: app %q: %w", a.spec.Name, err)
	}
	hadConditions := slices.ContainsFunc(a.obj.Status.Conditions, isComparisonError)
	a.obj.Status.Conditions = slices.DeleteFunc(a.obj.Status.Conditions, isComparisonError)
	a.head = head
	st := s.syncStatus(a, s.compare(ctx, a))
	last := a.obj.Status.ReconciledAt
	periodic := last == nil || !now.Before(last.Add(s.timing.Reconcile))
	same := st.Status == a.obj.Status.Sync.Status && st.Revision == a.obj.Status.Sync.Revision
	if same && !force && !periodic && !hadConditions {
		return nil
	}
	a.obj.Status.Sync = st
	a.obj.Status.ReconciledAt = timePtr(now)
	s.publish(a, watch.Modified)
	return nil
}

func (s *Server) comparisonError(a *app, err error, now time.Time) {
	msg := "Failed to load target state: failed to get latest revision: " + err.Error()
	c := a.obj.Status.Conditions
	if len(c) == 1 && c[0].Message == msg {
		return
	}
	a.obj.Status.Conditions = []v1alpha1.ApplicationCondition{{
		Type: v1alpha1.ApplicationConditionComparisonError, Message: msg, LastTransitionTime: timePtr(now),
	}}
	// CompareAppState: nothing was generated, so no revision was compared.
	a.obj.Status.Sync.Status, a.obj.Status.Sync.Revision = v1alpha1.SyncStatusCodeUnknown, ""
	a.obj.Status.ReconciledAt = timePtr(now)
	s.publish(a, watch.Modified)
}

func isComparisonError(c v1alpha1.ApplicationCondition) bool {
	return c.Type == v1alpha1.ApplicationConditionComparisonError
}

// compare returns the sync status of the live state against a.head.
func (s *Server) compare(ctx context.Context, a *app) v1alpha1.SyncStatusCode {
	if a.missing || s.changed(ctx, a, a.deployed, a.head) {
		return v1alpha1.SyncStatusCodeOutOfSync
	}
	return v1alpha1.SyncStatusCodeSynced
}

// changed reports whether the app's paths differ between two revisions,
// caching the last answer; a Source error counts as changed.
func (s *Server) changed(ctx context.Context, a *app, from, to string) bool {
	if from == to {
		return false
	}
	if a.cmp.from == from && a.cmp.to == to {
		return a.cmp.changed
	}
	changed, err := s.source.Changed(ctx, a.spec.Repo, from, to, a.spec.Paths)
	if err != nil {
		s.log.Warn("compare", "app", a.spec.Name, "from", from, "to", to, "err", err)
		return true
	}
	a.cmp = comparison{from: from, to: to, changed: changed}
	return changed
}

func (s *Server) syncStatus(a *app, code v1alpha1.SyncStatusCode) v1alpha1.SyncStatus {
	return v1alpha1.SyncStatus{
		Status:   code,
		Revision: a.head,
		ComparedTo: v1alpha1.ComparedTo{
			Source:      *a.obj.Spec.Source.DeepCopy(),
			Destination: a.obj.Spec.Destination,
		},
	}
}

// autoSync starts an automated sync to the head, unless an operation is
// under way or the last operation already went to that revision (as Argo
// CD's "already attempted" rule); when that attempt failed, the app gets
// the SyncError condition Argo CD sets, which goes once autoSync has
// nothing to refuse.
func (s *Server) autoSync(a *app, now time.Time) {
	if !a.spec.Automated || a.obj.Operation != nil || a.obj.Status.Sync.Status != v1alpha1.SyncStatusCodeOutOfSync {
		s.setSyncError(a, "", now)
		return
	}
	if st := a.obj.Status.OperationState; st != nil && st.SyncResult != nil && st.SyncResult.Revision == a.head {
		msg := ""
		if !st.Phase.Successful() {
			msg = "Failed sync attempt to " + a.head + ": " + st.Message
		}
		s.setSyncError(a, msg, now)
		return
	}
	s.setSyncError(a, "", now)
	s.startRollout(a, automatedOperation(a.head), now)
}

// automatedOperation is the operation Argo CD's autoSync requests (with
// the retry limit it gives when the app sets none).
func automatedOperation(revision string) v1alpha1.Operation {
	return v1alpha1.Operation{
		Sync:        &v1alpha1.SyncOperation{Revision: revision, Prune: true},
		InitiatedBy: v1alpha1.OperationInitiator{Automated: true},
		Retry:       v1alpha1.RetryStrategy{Limit: 5},
	}
}

// setSyncError makes msg the app's one SyncError condition ("" for none),
// publishing if that changed.
func (s *Server) setSyncError(a *app, msg string, now time.Time) {
	var kept []v1alpha1.ApplicationCondition
	current := ""
	for _, c := range a.obj.Status.Conditions {
		if c.Type == v1alpha1.ApplicationConditionSyncError {
			current = c.Message
			continue
		}
		kept = append(kept, c)
	}
	if current == msg {
		return
	}
	if msg != "" {
		kept = append(kept, v1alpha1.ApplicationCondition{Type: v1alpha1.ApplicationConditionSyncError, Message: msg,
			LastTransitionTime: timePtr(now)})
	}
	a.obj.Status.Conditions = kept
	s.publish(a, watch.Modified)
}

// publish stamps a new resourceVersion on the app and sends it to every
// watcher.
func (s *Server) publish(a *app, typ watch.EventType) {
	s.rv++
	a.obj.ResourceVersion = strconv.FormatInt(s.rv, 10)
	a.obj.Status.Resources = resourceStatuses(a)
	ev := &v1alpha1.ApplicationWatchEvent{Type: typ, Application: *a.obj.DeepCopy()}
	for w := range s.watchers {
		w.offer(ev, s.log)
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
