package argocdfake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apiclient/version"
	"google.golang.org/grpc"
)

// Server is the Argo CD stand-in. Create it with New and stop it with Close.
type Server struct {
	application.UnimplementedApplicationServiceServer

	source Source
	clock  Clock
	tokens map[string]Permissions
	log    *slog.Logger
	timing Timing

	grpc  *grpc.Server
	ln    net.Listener
	done  chan struct{}
	close sync.Once
	serve chan error

	mu       sync.Mutex // guards apps, rv and watchers; held across Source calls
	apps     map[string]*app
	rv       int64
	watchers map[*watcher]struct{}

	faults faults
}

var _ application.ApplicationServiceServer = (*Server)(nil)

// New starts a Server listening on opts.Addr (default 127.0.0.1:0) and
// serving in a goroutine. It returns an error if opts.Source is nil or the
// address cannot be listened on.
func New(opts Options) (*Server, error) {
	if opts.Source == nil {
		return nil, errors.New("argocdfake: Options.Source is required")
	}
	s := &Server{
		source:   opts.Source,
		clock:    opts.Clock,
		tokens:   opts.Tokens,
		log:      opts.Logger,
		timing:   opts.Timing.withDefaults(),
		done:     make(chan struct{}),
		serve:    make(chan error, 1),
		apps:     map[string]*app{},
		watchers: map[*watcher]struct{}{},
		faults:   newFaults(),
	}
	if s.clock == nil {
		s.clock = wallClock{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.log = s.log.With("component", "argocdfake")
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("argocdfake: listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.grpc = grpc.NewServer(
		grpc.ChainUnaryInterceptor(s.unaryInterceptor),
		grpc.ChainStreamInterceptor(s.streamInterceptor),
	)
	application.RegisterApplicationServiceServer(s.grpc, s)
	version.RegisterVersionServiceServer(s.grpc, versionServer{})
	go func() { s.serve <- s.grpc.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String())
	return s, nil
}

// Addr returns the host:port the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close ends every watch stream, stops the server gracefully (waiting for
// in-flight calls) and returns the error Serve ended with, if any.
func (s *Server) Close() error {
	var err error
	s.close.Do(func() {
		close(s.done)
		s.grpc.GracefulStop()
		if serr := <-s.serve; serr != nil && !errors.Is(serr, grpc.ErrServerStopped) {
			err = fmt.Errorf("argocdfake: serve: %w", serr)
		}
	})
	return err
}

// Run calls Tick every interval of wall-clock time until ctx is done, for
// drivers (such as testdrive) that use a real clock. It returns ctx.Err().
// Tick errors are logged, not returned.
func (s *Server) Run(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return nil
		case <-t.C:
			if err := s.Tick(ctx); err != nil {
				s.log.Warn("tick", "err", err)
			}
		}
	}
}
