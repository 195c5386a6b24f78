package githubfake

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"
)

// Options configure a [Server].
type Options struct {
	// Dir is where the bare Git repositories live (Dir/owner/name.git);
	// typically t.TempDir(). Empty means a temporary directory that Close
	// removes.
	Dir string
	// Token is a read-write token for every repository, acting as Login.
	// Accepted as "Authorization: Bearer <token>" or "token <token>". When
	// no token is configured at all (Token empty, no AddToken, no App),
	// requests need no authentication and act as Login.
	Token string
	// Login is the user the Token authenticates as; default "deploybot".
	Login string
	// App, when set, enables GitHub App authentication: POST
	// /app/installations/{id}/access_tokens with an RS256 JWT signed by the
	// App's key returns an installation token.
	App *App
	// Clock stamps commits, pull requests and reviews; default time.Now.
	// A fixed or stepping clock makes commit SHAs deterministic.
	Clock func() time.Time
	// Logger receives one debug line per request; default discards.
	Logger *slog.Logger
	// Check, when set, is called after every answer with the request (its
	// body readable again) and the answer as written (status, headers and
	// body); a non-nil error is recorded as a violation, see
	// [Server.Violations]. Tests pass openapicheck.Check to hold the
	// stand-in and its clients to GitHub's REST description.
	Check func(*http.Request, *http.Response) error
}

// Server is a running GitHub stand-in. All methods are safe for concurrent
// use.
type Server struct {
	srv    *httptest.Server
	mux    *http.ServeMux
	clock  func() time.Time
	logger *slog.Logger
	dir    string
	tmpDir bool

	mu        sync.Mutex
	login     string
	tokens    map[string]tokenInfo
	app       *App
	repos     map[string]*repo // by lower-case full name
	users     map[string]*user // by lower-case login
	nextID    int64
	faults    []*faultState
	reqMu     sync.Mutex // guards requests only; see record
	requests  []Request
	rateUsed  int
	hooks     []func(RefUpdate)
	pending   []RefUpdate
	appTokens int

	check      func(*http.Request, *http.Response) error
	violations []error
}

// New starts a Server. It returns an error when Dir cannot be created.
func New(opts Options) (*Server, error) {
	s := &Server{
		clock:  opts.Clock,
		logger: opts.Logger,
		dir:    opts.Dir,
		login:  opts.Login,
		tokens: map[string]tokenInfo{},
		app:    opts.App,
		repos:  map[string]*repo{},
		users:  map[string]*user{},
		nextID: 1000,
		check:  opts.Check,
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.logger == nil {
		s.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.logger = s.logger.With("component", "githubfake")
	if s.login == "" {
		s.login = "deploybot"
	}
	if err := s.prepareDir(); err != nil {
		return nil, err
	}
	if opts.Token != "" {
		s.tokens[opts.Token] = tokenInfo{Token: Token{Login: s.login}}
	}
	s.mux = http.NewServeMux()
	s.routes()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s, nil
}

func (s *Server) prepareDir() error {
	if s.dir == "" {
		d, err := os.MkdirTemp("", "githubfake-")
		if err != nil {
			return fmt.Errorf("githubfake: temporary directory: %w", err)
		}
		s.dir, s.tmpDir = d, true
		return nil
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("githubfake: directory %s: %w", s.dir, err)
	}
	return nil
}

// URL returns the server's root URL without a trailing slash, e.g.
// "http://127.0.0.1:34567". The API is served both at the root (github.com
// layout) and under /api/v3/ (Enterprise layout).
func (s *Server) URL() string { return s.srv.URL }

// Client returns an *http.Client that reaches the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close stops the server and removes Dir if New created it.
func (s *Server) Close() {
	s.srv.Close()
	if s.tmpDir {
		_ = os.RemoveAll(s.dir)
	}
}

// RefUpdate describes a branch that moved, was created (Old empty) or was
// deleted (New empty).
type RefUpdate struct {
	Repo   string // full name, e.g. "acme/gitops"
	Branch string
	Old    string
	New    string
}

// OnRefUpdate registers fn to be called after every branch change, through
// the API or the Go methods. fn runs outside the server's lock and may call
// the server.
func (s *Server) OnRefUpdate(fn func(RefUpdate)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks = append(s.hooks, fn)
}

// lock takes the server lock; unlock releases it and then delivers the ref
// updates queued meanwhile.
func (s *Server) lock() { s.mu.Lock() }

func (s *Server) unlock() {
	events, hooks := s.pending, s.hooks
	s.pending = nil
	s.mu.Unlock()
	for _, ev := range events {
		for _, fn := range hooks {
			fn(ev)
		}
	}
}

// id returns a fresh numeric id for users, pull requests, reviews, labels.
func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func (s *Server) now() time.Time { return s.clock().UTC().Truncate(time.Second) }

// apiPath strips the Enterprise prefix.
func apiPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/api/v3"); ok && (rest == "" || rest[0] == '/') {
		if rest == "" {
			return "/"
		}
		return rest
	}
	return p
}

// serveHTTP records the request, applies faults and authentication, and
// dispatches to the routes under the server lock.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path = apiPath(r.URL.Path)
	if r.URL.RawPath != "" {
		r2.URL.RawPath = apiPath(r.URL.RawPath)
	}
	rw := &recorder{ResponseWriter: w, status: http.StatusOK}
	if s.check != nil {
		rw.capture = true
		rw.reqBody, r2.Body = readAgain(r2.Body)
		defer s.checkExchange(r2, rw)
	}
	rw.onHeader = func(code int) { s.record(r2, code) }
	defer func() {
		if !rw.wrote {
			s.record(r2, rw.status) // nothing went out: the client gave up
		}
		s.logger.Debug("request", "method", r.Method, "path", r2.URL.Path, "status", rw.status)
	}()
	if f := s.takeFault(r2.Method, r2.URL.Path); f != nil {
		if !delay(r2, f.Delay) {
			rw.status = 499 // the client gave up; nothing is written
			return
		}
		if f.Status != 0 {
			rw.fault = true
			s.writeFault(rw, f)
			return
		}
	}
	s.lock()
	defer s.unlock()
	ctx, err := s.authenticate(r2)
	if err != nil {
		s.writeAPIError(rw, err)
		return
	}
	s.mux.ServeHTTP(rw, r2.WithContext(withCaller(r2.Context(), ctx)))
}

// ErrNotFound is returned (wrapped) by the Go API when a repository, branch,
// ref, file or pull request does not exist.
var ErrNotFound = errors.New("githubfake: not found")
