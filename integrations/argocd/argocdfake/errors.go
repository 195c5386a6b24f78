package argocdfake

import (
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The errors below use Argo CD v2.14's codes and wording.

var errPermissionDenied = status.Error(codes.PermissionDenied, "permission denied")

func errNotFound(name string) error {
	return status.Error(codes.NotFound, fmt.Sprintf("applications.argoproj.io %q not found", name))
}

// errDenied is rbac.Enforcer.EnforceErr's message for a token with a "sub".
func errDenied(perms Permissions, action, object string) error {
	return status.Error(codes.PermissionDenied,
		fmt.Sprintf("permission denied: applications, %s, %s, sub: %s", action, object, perms.Subject))
}

// errOperationInProgress is argo.ErrAnotherOperationInProgress as the
// client gets it: Sync wraps it ("error setting app operation: %w"), and
// the server's error interceptor (util/grpc kubeErrToGRPC) answers with
// the wrapped status alone.
var errOperationInProgress = status.Error(codes.FailedPrecondition, "another operation is already in progress")

// errUnresolvable is what Sync answers for a revision the repo server
// cannot resolve: resolveSourceRevisions' FailedPrecondition around
// resolveRevision's error, which holds the repo server's gRPC error.
func errUnresolvable(revision string) error {
	return status.Error(codes.FailedPrecondition, fmt.Sprintf(
		"error resolving repo revision: rpc error: code = Unknown desc = unable to resolve '%s' to a commit SHA", revision))
}
