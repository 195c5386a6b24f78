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

var errOperationInProgress = status.Error(codes.FailedPrecondition,
	"error setting app operation: another operation is already in progress")
