package argocdfake

import (
	"maps"
	"sync"
	"time"
)

// faults counts calls and holds injected errors, per short method name
// ("Get", "Sync", "Watch", "Version", ...).
type faults struct {
	mu     sync.Mutex
	calls  map[string]int
	inject map[string]*injection
}

type injection struct {
	err   error
	delay time.Duration // held back this long first (or until the caller gives up)
	times int           // <= 0: until cleared
}

func newFaults() faults {
	return faults{calls: map[string]int{}, inject: map[string]*injection{}}
}

func (f *faults) count(method string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[method]++
}

func (f *faults) take(method string) (time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	in, ok := f.inject[method]
	if !ok {
		return 0, nil
	}
	if in.times > 0 {
		in.times--
		if in.times == 0 {
			delete(f.inject, method)
		}
	}
	return in.delay, in.err
}

// Inject makes the next times calls of method (short name: "Get", "List",
// "Watch", "Sync", "ResourceTree", "ManagedResources", "Version") fail with
// err, before authentication; times <= 0 means every call until
// ClearInjections. Use a status error (status.Error) to choose the gRPC
// code. The argo-cd v2.14 apiclient does not retry any code (see
// CutWatches), so each injected error reaches the caller.
func (s *Server) Inject(method string, err error, times int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.inject[method] = &injection{err: err, times: times}
}

// InjectDelay holds the next times calls of method back for d, or until
// the caller's deadline passes (it then gets DeadlineExceeded, as from a
// slow Argo CD), before serving them as usual; times <= 0 means every call
// until ClearInjections. It replaces an injected error of method.
func (s *Server) InjectDelay(method string, d time.Duration, times int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.inject[method] = &injection{delay: d, times: times}
}

// ClearInjections removes every injected error.
func (s *Server) ClearInjections() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	clear(s.faults.inject)
}

// Calls returns how many calls each method received since the start or the
// last ResetCalls, failed ones included; a Watch stream counts once.
func (s *Server) Calls() map[string]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return maps.Clone(s.faults.calls)
}

// ResetCalls sets every call count back to zero.
func (s *Server) ResetCalls() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	clear(s.faults.calls)
}
