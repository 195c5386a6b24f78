package argocd

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// TestTokenNeverInErrors makes Argo CD echo the token in its errors and
// checks that no error (nor anything it wraps) and no log line shows it.
func TestTokenNeverInErrors(t *testing.T) {
	tests := []struct {
		name   string
		method string
		code   codes.Code
		call   func(*testing.T, *Client) error
		want   errResult
	}{
		{"ErrObserveInternal", "Get", codes.Internal, func(t *testing.T, c *Client) error {
			_, err := c.Observe(t.Context(), "api-production")
			return err
		}, errResult{fault.CodeInternal, "Something went wrong, nothing was changed. The error is in deploybot's log."}},
		{"ErrObserveUnauthenticated", "Get", codes.Unauthenticated, func(t *testing.T, c *Client) error {
			_, err := c.Observe(t.Context(), "api-production")
			return err
		}, errResult{fault.CodeUnauthorised, "Argo CD rejected deploybot's token (ARGOCD_AUTH_TOKEN): it is missing, invalid or expired; issue a new token for the bot's project role"}},
		{"ErrSync", "Sync", codes.FailedPrecondition, func(t *testing.T, c *Client) error {
			return c.Sync(t.Context(), "api-production", "", false)
		}, errResult{fault.CodeConflict, "Argo CD won't sync api-production now: bad token " + "[redacted]" + " in request"}},
		{"ErrTree", "ResourceTree", codes.Internal, func(t *testing.T, c *Client) error {
			_, err := c.tree(t.Context(), mustConn(t, c), appRef{Name: "api-production"}, "")
			return err
		}, errResult{fault.CodeInternal, "Something went wrong, nothing was changed. The error is in deploybot's log."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokBot, nil)
			f.srv.Inject(tt.method, status.Error(tt.code, "bad token "+tokBot+" in request"), 1)
			err := tt.call(t, c)
			if diff := cmp.Diff(tt.want, errOf(t, err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			for e := err; e != nil; e = errors.Unwrap(e) {
				checkNoToken(t, "wrapped error", e.Error())
			}
			if !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("error %q does not show where the token was", err)
			}
		})
	}
}

func mustConn(t *testing.T, c *Client) application.ApplicationServiceClient {
	t.Helper()
	apps, err := c.conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return apps
}

// TestOptionsDoNotPrintToken: Options formatted or logged show no token.
func TestOptionsDoNotPrintToken(t *testing.T) {
	opts := Options{Server: "argocd:443", Token: config.NewSecret(tokBot)}
	for _, s := range []string{fmt.Sprintf("%v", opts), fmt.Sprintf("%+v", opts), fmt.Sprintf("%#v", opts)} {
		checkNoToken(t, "formatted options", s)
	}
}
