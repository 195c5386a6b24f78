package argocd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Actions named in errors, as Argo CD RBAC names them.
const (
	actionGet  = "get"
	actionSync = "sync"
)

// fail turns an error of a call about ref into a *deploy.Error a person
// can act on: what Argo CD said is wrong (CodeNotFound, CodeUnauthorised,
// CodeConflict, CodeInvalid), that it is down or did not answer
// (CodeUnavailable: gRPC Unavailable, DeadlineExceeded, Aborted, a
// timeout, no gRPC status at all) or is limiting deploybot
// (CodeRateLimited); anything else is a wrapped internal error. project is the project the call named ("" if none). The token
// never appears in the result.
func (c *Client) fail(action string, ref appRef, project string, err error) error {
	err = c.redact(err)
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("argocd: %s %s: %w", action, ref, err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return c.unreachable(action, ref, "timeout", err)
	}
	st, ok := status.FromError(err)
	if !ok {
		return c.unreachable(action, ref, "no answer", err)
	}
	switch st.Code() {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Aborted:
		return c.unreachable(action, ref, grpcWords(st.Code()), err)
	case codes.ResourceExhausted:
		return &fault.Error{Code: fault.CodeRateLimited, Err: err, Message: fmt.Sprintf(
			"Argo CD at %s is limiting deploybot (resource exhausted) while it tried to %s %s; try again in a few minutes", c.opts.Server, action, ref)}
	case codes.AlreadyExists:
		return &fault.Error{Code: fault.CodeConflict, Err: err, Message: fmt.Sprintf(
			"Argo CD won't %s %s: %s", action, ref, st.Message())}
	case codes.NotFound:
		where := ""
		if project != "" {
			where = " in project " + project
		}
		return &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf(
			"Argo CD has no application %s%s; check the name (argocdApp in deploybot.yaml)", ref, where)}
	case codes.PermissionDenied:
		return c.denied(action, ref, project, st.Message(), err)
	case codes.Unauthenticated:
		return &fault.Error{Code: fault.CodeUnauthorised, Err: err, Message: fmt.Sprintf(
			"Argo CD rejected deploybot's token (%s): it is missing, invalid or expired; issue a new token for the bot's project role",
			config.EnvArgoCDAuthToken)}
	case codes.FailedPrecondition:
		return &fault.Error{Code: fault.CodeConflict, Err: err, Message: fmt.Sprintf(
			"Argo CD won't %s %s now: %s", action, ref, st.Message())}
	case codes.InvalidArgument:
		return &fault.Error{Code: fault.CodeInvalid, Err: err, Message: fmt.Sprintf(
			"Argo CD refused to %s %s: %s", action, ref, st.Message())}
	}
	return fmt.Errorf("argocd: %s %s: %w", action, ref, err)
}

// denied explains a PermissionDenied. Argo CD answers a bare "permission
// denied" when the app is missing or the token may not get it (it does not
// tell which unless the call names the project); a detailed one
// ("permission denied: applications, sync, proj/app, sub: …") when the app
// exists and the token lacks that right.
func (c *Client) denied(action string, ref appRef, project, msg string, err error) error {
	detailed := strings.HasPrefix(msg, "permission denied: ")
	if !detailed && project == "" {
		return &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf(
			"Argo CD has no application %s, or the token may not see it; check the name (argocdApp in deploybot.yaml) and the project role", ref)}
	}
	object := cmp.Or(project, "default") + "/" + ref.Name
	if detailed {
		object = rbacObject(msg, object)
	} else {
		action = actionGet
	}
	return &fault.Error{Code: fault.CodeUnauthorised, Err: err, Message: fmt.Sprintf(
		"deploybot's Argo CD token may not %s application %s: its project role needs the policy `applications, %s, %s, allow`",
		action, ref, action, object)}
}

// rbacObject returns the "project/app" Argo CD names in a detailed
// permission-denied message ("permission denied: applications, sync,
// proj/app, sub: …"), or fallback.
func rbacObject(msg, fallback string) string {
	parts := strings.Split(msg, ", ")
	if len(parts) >= 3 && strings.Contains(parts[2], "/") && !strings.Contains(parts[2], " ") {
		return parts[2]
	}
	return fallback
}

// gone explains an app that was seen in project and now is not there.
func gone(ref appRef, project string, err error) error {
	return &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf(
		"Argo CD application %s is gone from project %s: it was deleted, renamed or moved where the token can't see it; check argocdApp in deploybot.yaml",
		ref, project)}
}

// fatal reports whether a Watch must give up on err: the app is missing,
// the token may not read it, the request is invalid or the client was
// closed. Everything else (Unavailable, a cut stream, timeouts, internal
// errors) is retried.
func fatal(err error) bool {
	if errors.Is(err, errClosed) {
		return true
	}
	switch fault.ErrorCode(err) {
	case fault.CodeNotFound, fault.CodeUnauthorised, fault.CodeInvalid:
		return true
	}
	return false
}

// redact removes the token from err's message. An error that contained it
// is replaced (keeping its gRPC code), so not even Unwrap reaches the
// original text.
func (c *Client) redact(err error) error {
	if err == nil {
		return nil
	}
	tok := c.opts.Token.Reveal()
	if tok == "" || !strings.Contains(err.Error(), tok) {
		return err
	}
	if st, ok := status.FromError(err); ok {
		return status.Error(st.Code(), strings.ReplaceAll(st.Message(), tok, "[redacted]"))
	}
	return errors.New(strings.ReplaceAll(err.Error(), tok, "[redacted]"))
}

// unreachable is the error of a call Argo CD did not answer: down,
// unreachable or too slow. why says which, in a few words.
func (c *Client) unreachable(action string, ref appRef, why string, err error) error {
	return &fault.Error{Code: fault.CodeUnavailable, Err: err, Message: fmt.Sprintf(
		"Argo CD at %s is not answering (%s) while deploybot tried to %s %s", c.opts.Server, why, action, ref)}
}

// grpcWords names a gRPC code for a person.
func grpcWords(code codes.Code) string {
	switch code {
	case codes.DeadlineExceeded:
		return "timeout"
	case codes.Aborted:
		return "aborted"
	}
	return "unavailable"
}

// connFail is the error of a call that found no connection: the client
// was closed or ctx ended (wrapped as they are), or Argo CD could not be
// reached (CodeUnavailable).
func (c *Client) connFail(action string, ref appRef, err error) error {
	if errors.Is(err, errClosed) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("argocd: %s %s: %w", action, ref, err)
	}
	return c.unreachable(action, ref, "can't connect", c.redact(err))
}
