package argocdfake

import (
	"log/slog"
	"slices"
	"strconv"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/watch"
)

// watchBuffer is how many events a watcher may lag behind before events are
// dropped, as in Argo CD (ARGOCD_WATCH_API_BUFFER_SIZE, default 1000).
const watchBuffer = 1000

type watcher struct {
	ch     chan *v1alpha1.ApplicationWatchEvent
	cut    chan struct{}
	wasCut bool  // guarded by Server.mu
	cutErr error // what Watch returns once cut is closed
}

// offer queues ev without blocking; a full buffer drops it, as Argo CD does.
func (w *watcher) offer(ev *v1alpha1.ApplicationWatchEvent, log *slog.Logger) {
	select {
	case w.ch <- ev:
	default:
		log.Warn("unable to send event notification", "application", ev.Application.Name)
	}
}

// watchFilter decides which events a Watch stream gets, as Argo CD's
// isApplicationPermitted.
type watchFilter struct {
	perms      Permissions
	name       string
	projects   []string
	selector   labels.Selector
	minVersion int
}

func (f watchFilter) match(a *v1alpha1.Application) bool {
	if len(f.projects) > 0 && !slices.Contains(f.projects, a.Spec.GetProject()) {
		return false
	}
	if v, err := strconv.Atoi(a.ResourceVersion); err == nil && v < f.minVersion {
		return false
	}
	if f.name != "" && a.Name != f.name {
		return false
	}
	return f.selector.Matches(labels.Set(a.Labels)) && f.perms.can(actionGet, a.Spec.GetProject()+"/"+a.Name)
}

// Watch streams ADDED for every matching app (unless resourceVersion is set
// without a name), then every change as MODIFIED (DELETED on RemoveApp).
// Apps the token may not get are silently left out, as in Argo CD. The
// stream ends with Unavailable when cut (CutWatches) or the server closes.
func (s *Server) Watch(q *application.ApplicationQuery, ws application.ApplicationService_WatchServer) error {
	sel, err := labels.Parse(q.GetSelector())
	if err != nil {
		// A plain error in Argo CD: the client gets codes.Unknown.
		return status.Errorf(codes.Unknown, "error parsing labels with selectors: %v", err)
	}
	f := watchFilter{perms: permsFrom(ws.Context()), name: q.GetName(), projects: queryProjects(q), selector: sel}
	f.minVersion, _ = strconv.Atoi(q.GetResourceVersion())
	if q.GetAppNamespace() != "" && q.GetAppNamespace() != controlPlaneNamespace {
		f.name = "\x00" // apps in other namespaces are not enabled: nothing matches
	}
	w, initial := s.subscribe(q.GetResourceVersion() == "" || q.GetName() != "")
	defer s.unsubscribe(w)
	for i := range initial {
		if err := s.send(ws, f, watch.Added, &initial[i]); err != nil {
			return err
		}
	}
	for {
		select {
		case ev := <-w.ch:
			if err := s.send(ws, f, ev.Type, &ev.Application); err != nil {
				return err
			}
		case <-w.cut:
			return w.cutErr
		case <-s.done:
			return status.Error(codes.Unavailable, "argocdfake: server is shutting down")
		case <-ws.Context().Done():
			return nil
		}
	}
}

func (s *Server) send(ws application.ApplicationService_WatchServer, f watchFilter, typ watch.EventType, a *v1alpha1.Application) error {
	if !f.match(a) {
		return nil
	}
	return ws.Send(&v1alpha1.ApplicationWatchEvent{Type: typ, Application: *a})
}

// subscribe registers a watcher and, if added, returns copies of the
// current apps sorted by name, atomically, so no change is missed.
func (s *Server) subscribe(added bool) (*watcher, []v1alpha1.Application) {
	w := &watcher{ch: make(chan *v1alpha1.ApplicationWatchEvent, watchBuffer), cut: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watchers[w] = struct{}{}
	if !added {
		return w, nil
	}
	return w, s.snapshot()
}

func (s *Server) unsubscribe(w *watcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.watchers, w)
}

// snapshot returns copies of every app sorted by name; s.mu must be held.
func (s *Server) snapshot() []v1alpha1.Application {
	out := make([]v1alpha1.Application, 0, len(s.apps))
	for _, a := range s.apps {
		out = append(out, *a.obj.DeepCopy())
	}
	slices.SortFunc(out, func(x, y v1alpha1.Application) int {
		if x.Name < y.Name {
			return -1
		}
		if x.Name > y.Name {
			return 1
		}
		return 0
	})
	return out
}

// CutWatches ends every open Watch stream with codes.Unavailable, as a
// dropped connection would, and returns how many it cut. Streams opened
// afterwards work normally. The argo-cd v2.14 apiclient does not retry (its
// grpc_retry interceptors are replaced by its OTEL ones, since
// grpc.WithStreamInterceptor keeps only the last), so Recv returns the
// error and reconnecting is the caller's job.
func (s *Server) CutWatches() int {
	return s.CutWatchesWith(status.Error(codes.Unavailable, "argocdfake: watch stream cut"))
}

// CutWatchesWith ends every open Watch stream with err (use a status error
// to choose the code; nil ends them cleanly, the client sees io.EOF) and
// returns how many it cut.
func (s *Server) CutWatchesWith(err error) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for w := range s.watchers {
		if !w.wasCut {
			w.wasCut, w.cutErr = true, err
			close(w.cut)
			n++
		}
	}
	return n
}

// Watchers returns how many Watch streams are open (cut ones included
// until their handler has returned).
func (s *Server) Watchers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.watchers)
}
