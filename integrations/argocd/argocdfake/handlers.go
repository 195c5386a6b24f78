package argocdfake

import (
	"context"
	"strconv"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apiclient/version"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"k8s.io/apimachinery/pkg/labels"
)

// Version is what VersionService reports.
const Version = "v2.14.21+argocdfake"

type versionServer struct {
	version.UnimplementedVersionServiceServer
}

// Version answers the apiclient's connection probe (no token needed).
func (versionServer) Version(context.Context, *emptypb.Empty) (*version.VersionMessage, error) {
	return &version.VersionMessage{Version: Version}, nil
}

func queryProjects(q *application.ApplicationQuery) []string {
	if q.Project != nil {
		return q.Project
	}
	return q.Projects
}

// lookup finds an app the caller may get, as Argo CD's getAppEnforceRBAC:
// without a project, a missing or forbidden app is PermissionDenied; with
// one, it is NotFound; an app namespace other than Argo CD's is always
// PermissionDenied. s.mu must be held.
func (s *Server) lookup(ctx context.Context, project, appNamespace, name string) (*app, error) {
	perms := permsFrom(ctx)
	if project != "" && !perms.can(actionGet, project+"/"+name) {
		return nil, errPermissionDenied
	}
	if appNamespace != "" && appNamespace != controlPlaneNamespace {
		// Apps in other namespaces are not enabled: the server's getApp
		// fails with "namespace not permitted", which getAppEnforceRBAC
		// answers with a bare permission denied, project or not.
		return nil, errPermissionDenied
	}
	a, ok := s.apps[name]
	switch {
	case !ok && project != "":
		return nil, errNotFound(name)
	case !ok:
		return nil, errPermissionDenied
	case !perms.can(actionGet, a.rbacName()) && project != "":
		return nil, errNotFound(name)
	case !perms.can(actionGet, a.rbacName()):
		return nil, errPermissionDenied
	case project != "" && a.obj.Spec.GetProject() != project:
		return nil, errNotFound(name)
	}
	return a, nil
}

// Get returns one Application. With refresh set, the app is reconciled
// first (reconciledAt becomes now), as a requested refresh would.
func (s *Server) Get(ctx context.Context, q *application.ApplicationQuery) (*v1alpha1.Application, error) {
	projects := queryProjects(q)
	if len(projects) > 1 {
		return nil, status.Error(codes.InvalidArgument, "multiple projects specified - the get endpoint accepts either zero or one project")
	}
	project := ""
	if len(projects) == 1 {
		project = projects[0]
	}
	s.mu.Lock()
	_, err := s.lookup(ctx, project, q.GetAppNamespace(), q.GetName())
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if q.Refresh != nil {
		if err := s.reconcile(ctx, q.GetName(), s.clock.Now(), true); err != nil {
			s.log.Warn("refresh", "app", q.GetName(), "err", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[q.GetName()]
	if !ok {
		return nil, errPermissionDenied
	}
	return a.obj.DeepCopy(), nil
}

// List returns the Applications the caller may get, filtered by name,
// projects, repo and label selector, sorted by name.
func (s *Server) List(ctx context.Context, q *application.ApplicationQuery) (*v1alpha1.ApplicationList, error) {
	sel, err := labels.Parse(q.GetSelector())
	if err != nil {
		// A plain error in Argo CD: the client gets codes.Unknown.
		return nil, status.Errorf(codes.Unknown, "error parsing the selector: %v", err)
	}
	f := watchFilter{perms: permsFrom(ctx), name: q.GetName(), projects: queryProjects(q), selector: sel}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := &v1alpha1.ApplicationList{Items: []v1alpha1.Application{}}
	list.ResourceVersion = itoa(s.rv)
	for _, a := range s.snapshot() {
		if f.match(&a) && (q.GetRepo() == "" || a.Spec.GetSource().RepoURL == q.GetRepo()) {
			list.Items = append(list.Items, a)
		}
	}
	return list, nil
}

// ResourceTree returns the app's live resources with their health.
func (s *Server) ResourceTree(ctx context.Context, q *application.ResourcesQuery) (*v1alpha1.ApplicationTree, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(ctx, q.GetProject(), q.GetAppNamespace(), q.GetApplicationName())
	if err != nil {
		return nil, err
	}
	return tree(a), nil
}

// ManagedResources returns the diff view of the app's top-level
// resources, filtered by the query's name, namespace, group and kind.
func (s *Server) ManagedResources(ctx context.Context, q *application.ResourcesQuery) (*application.ManagedResourcesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(ctx, q.GetProject(), q.GetAppNamespace(), q.GetApplicationName())
	if err != nil {
		return nil, err
	}
	res := &application.ManagedResourcesResponse{}
	for _, d := range managedResources(a) {
		if (q.GetName() == "" || q.GetName() == d.Name) && (q.GetNamespace() == "" || q.GetNamespace() == d.Namespace) &&
			(q.GetGroup() == "" || q.GetGroup() == d.Group) && (q.GetKind() == "" || q.GetKind() == d.Kind) {
			res.Items = append(res.Items, d)
		}
	}
	return res, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
