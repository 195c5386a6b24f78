package argocdfake

import (
	"context"
	"regexp"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"k8s.io/apimachinery/pkg/watch"
)

var commitSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Sync requests a sync operation, as Argo CD's Sync: it needs get and sync
// rights, refuses a revision other than the target for automated apps and a
// second operation while one is under way, resolves a branch revision to
// its head, and returns the app with .operation set and
// .status.operationState cleared. The next Tick starts the operation.
func (s *Server) Sync(ctx context.Context, req *application.ApplicationSyncRequest) (*v1alpha1.Application, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(ctx, req.GetProject(), req.GetAppNamespace(), req.GetName())
	if err != nil {
		return nil, err
	}
	if perms := permsFrom(ctx); !perms.can(actionSync, a.rbacName()) {
		return nil, errDenied(perms, actionSync, a.rbacName())
	}
	target := a.obj.Spec.GetSource().TargetRevision
	if a.spec.Automated && !req.GetDryRun() && req.GetRevision() != "" && req.GetRevision() != target {
		return nil, status.Errorf(codes.FailedPrecondition, "Cannot sync to %s: auto-sync currently set to %s", req.GetRevision(), target)
	}
	revision, err := s.resolve(ctx, a, req.GetRevision())
	if err != nil {
		s.log.Warn("resolve", "app", a.spec.Name, "revision", req.GetRevision(), "err", err)
		return nil, errUnresolvable(cmpOr(req.GetRevision(), target))
	}
	if a.obj.Operation != nil {
		return nil, errOperationInProgress
	}
	op := v1alpha1.Operation{
		Sync: &v1alpha1.SyncOperation{
			Revision: revision, Prune: req.GetPrune(), DryRun: req.GetDryRun(),
			SyncStrategy: req.Strategy, Resources: syncResources(req),
		},
		InitiatedBy: v1alpha1.OperationInitiator{Username: permsFrom(ctx).Subject},
		Info:        req.Infos,
	}
	if req.RetryStrategy != nil {
		op.Retry = *req.RetryStrategy
	}
	s.startRollout(a, op, s.clock.Now())
	s.publish(a, watch.Modified)
	return a.obj.DeepCopy(), nil
}

// resolve turns a revision (empty: the target revision; "HEAD": the
// followed branch) into a commit SHA.
func (s *Server) resolve(ctx context.Context, a *app, revision string) (string, error) {
	if revision == "" {
		revision = a.obj.Spec.GetSource().TargetRevision
	}
	if commitSHA.MatchString(revision) {
		return revision, nil
	}
	if revision == "HEAD" {
		revision = a.spec.Branch
	}
	return s.source.Head(ctx, a.spec.Repo, revision)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func syncResources(req *application.ApplicationSyncRequest) []v1alpha1.SyncOperationResource {
	var out []v1alpha1.SyncOperationResource
	for _, r := range req.GetResources() {
		if r != nil {
			out = append(out, *r)
		}
	}
	return out
}
