package argocdfake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/argoproj/gitops-engine/pkg/health"
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
)

// controlPlaneNamespace is where Argo CD keeps its Application objects.
const controlPlaneNamespace = "argocd"

const historyLimit = 10

// app is one Application and the simulated controller state behind it.
// Every field is guarded by Server.mu.
type app struct {
	spec     AppSpec
	obj      v1alpha1.Application
	head     string // head of spec.Branch at the last reconcile
	deployed string // revision whose manifests are live
	missing  bool   // the workload is missing (OutcomeMissing)
	message  string // the Deployment's health message
	run      *rollout
	scripts  []Script
	cmp      comparison
}

// comparison caches Source.Changed(deployed, head).
type comparison struct {
	from, to string
	changed  bool
}

func (a *app) rbacName() string { return a.obj.Spec.GetProject() + "/" + a.obj.Name }

func (spec AppSpec) withDefaults() AppSpec {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&spec.Project, "default")
	def(&spec.Namespace, spec.Name)
	def(&spec.RepoURL, "https://github.com/"+spec.Repo+".git")
	def(&spec.Branch, "main")
	def(&spec.Path, ".")
	def(&spec.Deployment, spec.Name)
	if len(spec.Paths) == 0 {
		spec.Paths = []string{spec.Path}
	}
	return spec
}

// AddApp adds an Application that is Synced and Healthy at the current head
// of spec.Branch, as if deployed at the current time, and sends ADDED to the
// watchers. It returns an error if Name or Repo is empty, the name is taken
// or the Source cannot tell the head.
func (s *Server) AddApp(ctx context.Context, spec AppSpec) error {
	if spec.Name == "" || spec.Repo == "" {
		return errors.New("argocdfake: AppSpec.Name and AppSpec.Repo are required")
	}
	spec = spec.withDefaults()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apps[spec.Name]; ok {
		return fmt.Errorf("argocdfake: app %q already exists", spec.Name)
	}
	head, err := s.source.Head(ctx, spec.Repo, spec.Branch)
	if err != nil {
		return fmt.Errorf("argocdfake: add app %q: %w", spec.Name, err)
	}
	now := s.clock.Now()
	a := &app{spec: spec, head: head, deployed: head}
	a.obj = newApplication(spec, now)
	s.initialStatus(ctx, a, now)
	s.apps[spec.Name] = a
	s.publish(a, watch.Added)
	return nil
}

func newApplication(spec AppSpec, now time.Time) v1alpha1.Application {
	obj := v1alpha1.Application{
		ObjectMeta: metav1.ObjectMeta{
			Name:              spec.Name,
			Namespace:         controlPlaneNamespace,
			UID:               types.UID(fakeUID("app", spec.Name)),
			Generation:        1,
			CreationTimestamp: metav1.NewTime(now),
			Labels:            spec.Labels,
		},
		Spec: v1alpha1.ApplicationSpec{
			Project: spec.Project,
			Source: &v1alpha1.ApplicationSource{
				RepoURL: spec.RepoURL, Path: spec.Path, TargetRevision: spec.Branch,
			},
			Destination: v1alpha1.ApplicationDestination{
				Server: "https://kubernetes.default.svc", Namespace: spec.Namespace,
			},
		},
	}
	if spec.Automated {
		obj.Spec.SyncPolicy = &v1alpha1.SyncPolicy{
			Automated: &v1alpha1.SyncPolicyAutomated{Prune: true, SelfHeal: true},
		}
	}
	return obj
}

// initialStatus records a finished, successful deployment of a.head at now.
func (s *Server) initialStatus(ctx context.Context, a *app, now time.Time) {
	op := automatedOperation(a.head)
	if !a.spec.Automated {
		op = v1alpha1.Operation{Sync: &v1alpha1.SyncOperation{Revision: a.head},
			InitiatedBy: v1alpha1.OperationInitiator{Username: "admin"}}
	}
	a.obj.Status.OperationState = s.finishedState(a, op, synccommon.OperationSucceeded, msgSucceeded, now, now)
	s.appendHistory(a, op, now, now)
	a.obj.Status.Sync = s.syncStatus(a, v1alpha1.SyncStatusCodeSynced)
	a.obj.Status.SourceType = v1alpha1.ApplicationSourceTypeDirectory
	a.obj.Status.ControllerNamespace = controlPlaneNamespace
	s.setHealth(a, health.HealthStatusHealthy, "", now)
	s.setImages(ctx, a, a.head)
	a.obj.Status.ReconciledAt = timePtr(now)
}

// RemoveApp deletes an Application, as if someone deleted it in Argo CD,
// and sends DELETED to the watchers. It returns an error if there is no
// such app.
func (s *Server) RemoveApp(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[name]
	if !ok {
		return fmt.Errorf("argocdfake: no app %q", name)
	}
	delete(s.apps, name)
	s.publish(a, watch.Deleted)
	return nil
}

// App returns a copy of the Application as a client would see it, and
// false if there is no such app.
func (s *Server) App(name string) (v1alpha1.Application, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[name]
	if !ok {
		return v1alpha1.Application{}, false
	}
	return *a.obj.DeepCopy(), true
}

// Script queues how a rollout of app goes (see Script). It returns an error
// if there is no such app.
func (s *Server) Script(name string, sc Script) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[name]
	if !ok {
		return fmt.Errorf("argocdfake: no app %q", name)
	}
	if sc.Outcome == "" {
		sc.Outcome = OutcomeHealthy
	}
	a.scripts = append(a.scripts, sc)
	return nil
}

// SetImages sets status.summary.images (and the Pod's images) now; the next
// rollout computes them again from AppSpec. It returns an error if there is
// no such app.
func (s *Server) SetImages(name string, images ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[name]
	if !ok {
		return fmt.Errorf("argocdfake: no app %q", name)
	}
	a.obj.Status.Summary.Images = append([]string(nil), images...)
	s.publish(a, watch.Modified)
	return nil
}

// SetHealth changes the app's health now, as a reconcile would after
// something changed in the cluster (e.g. Degraded long after a rollout),
// ending any rollout still Progressing. message is the Deployment's health
// message. It returns an error if there is no such app.
func (s *Server) SetHealth(name string, code health.HealthStatusCode, message string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[name]
	if !ok {
		return fmt.Errorf("argocdfake: no app %q", name)
	}
	now := s.clock.Now()
	if a.run != nil && a.run.stage == stageProgressing {
		a.run = nil
	}
	a.missing = code == health.HealthStatusMissing
	s.setHealth(a, code, message, now)
	a.obj.Status.ReconciledAt = timePtr(now)
	s.publish(a, watch.Modified)
	return nil
}

func (s *Server) setHealth(a *app, code health.HealthStatusCode, message string, at time.Time) {
	if a.obj.Status.Health.Status != code {
		a.obj.Status.Health.LastTransitionTime = timePtr(at)
	}
	a.obj.Status.Health.Status = code
	a.message = message
}

// setImages computes status.summary.images for revision.
func (s *Server) setImages(ctx context.Context, a *app, revision string) {
	if a.spec.ImagesFor != nil {
		images, err := a.spec.ImagesFor(ctx, revision)
		if err != nil {
			s.log.Warn("images", "app", a.spec.Name, "revision", revision, "err", err)
			return
		}
		a.obj.Status.Summary.Images = images
		return
	}
	var images []string
	for _, img := range a.spec.Images {
		img = strings.ReplaceAll(img, "{revision}", revision)
		images = append(images, strings.ReplaceAll(img, "{short}", short(revision)))
	}
	a.obj.Status.Summary.Images = images
}

func short(rev string) string {
	if len(rev) > 7 {
		return rev[:7]
	}
	return rev
}

func timePtr(t time.Time) *metav1.Time {
	mt := metav1.NewTime(t)
	return &mt
}
