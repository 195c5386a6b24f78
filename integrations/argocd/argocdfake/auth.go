package argocdfake

import (
	"context"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

const (
	actionGet  = "get"
	actionSync = "sync"
)

type permsKey struct{}

// unauthenticated lists methods that, as in Argo CD, need no token.
var unauthenticated = map[string]bool{"Version": true}

func (s *Server) unaryInterceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	ctx, err := s.admit(ctx, info.FullMethod)
	if err != nil {
		return nil, err
	}
	return handler(ctx, req)
}

func (s *Server) streamInterceptor(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	ctx, err := s.admit(ss.Context(), info.FullMethod)
	if err != nil {
		return err
	}
	return handler(srv, &authedStream{ServerStream: ss, ctx: ctx})
}

// admit counts the call, applies an injected fault and authenticates it.
func (s *Server) admit(ctx context.Context, fullMethod string) (context.Context, error) {
	method := fullMethod[strings.LastIndex(fullMethod, "/")+1:]
	s.faults.count(method)
	delay, err := s.faults.take(method)
	if err != nil {
		s.log.Debug("injected error", "method", method, "err", err)
		return ctx, err
	}
	if err := hold(ctx, delay); err != nil {
		return ctx, err
	}
	if unauthenticated[method] {
		return ctx, nil
	}
	perms, err := s.authenticate(ctx)
	if err != nil {
		s.log.Debug("unauthenticated", "method", method, "err", err)
		return ctx, err
	}
	return context.WithValue(ctx, permsKey{}, perms), nil
}

// authenticate finds the token where the argo-cd apiclient puts it (gRPC
// metadata "token") or in "authorization: Bearer ...", as Argo CD does.
func (s *Server) authenticate(ctx context.Context) (Permissions, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	token := ""
	if v := md.Get("token"); len(v) > 0 {
		token = v[0]
	}
	for _, v := range md.Get("authorization") {
		if token == "" && strings.HasPrefix(v, "Bearer ") {
			token = strings.TrimPrefix(v, "Bearer ")
		}
	}
	if token == "" {
		return Permissions{}, status.Error(codes.Unauthenticated, "no session information")
	}
	perms, ok := s.tokens[token]
	if !ok {
		return Permissions{}, status.Error(codes.Unauthenticated, "invalid session: token is not recognised")
	}
	return perms, nil
}

func permsFrom(ctx context.Context) Permissions {
	p, _ := ctx.Value(permsKey{}).(Permissions)
	return p
}

type authedStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (a *authedStream) Context() context.Context { return a.ctx }

// hold waits d, or until ctx ends (then it returns the gRPC status of
// ctx's error).
func hold(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}
