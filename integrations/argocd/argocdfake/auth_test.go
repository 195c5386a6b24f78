package argocdfake

import (
	"context"
	"testing"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/google/go-cmp/cmp"
)

func TestAuth(t *testing.T) {
	f := newFixture(t)
	getApp := func(name string, project ...string) func(context.Context, application.ApplicationServiceClient) error {
		return func(ctx context.Context, c application.ApplicationServiceClient) error {
			_, err := c.Get(ctx, &application.ApplicationQuery{Name: &name, Projects: project})
			return err
		}
	}
	syncApp := func(name string) func(context.Context, application.ApplicationServiceClient) error {
		return func(ctx context.Context, c application.ApplicationServiceClient) error {
			_, err := c.Sync(ctx, &application.ApplicationSyncRequest{Name: &name})
			return err
		}
	}
	tree := func(name string) func(context.Context, application.ApplicationServiceClient) error {
		return func(ctx context.Context, c application.ApplicationServiceClient) error {
			_, err := c.ResourceTree(ctx, &application.ResourcesQuery{ApplicationName: &name})
			return err
		}
	}
	tests := []struct {
		name, token string
		call        func(context.Context, application.ApplicationServiceClient) error
		wantCode    string
		wantMsg     string
	}{
		{"OK", tokRead, getApp("api-production"), "OK", ""},
		{"OKWithProject", tokRead, getApp("api-production", "default"), "OK", ""},
		{"OKSync", tokSync, syncApp("api-staging"), "OK", ""},
		{"ErrNoToken", "", getApp("api-production"), "Unauthenticated", "no session information"},
		{"ErrUnknownToken", "tok-nope", getApp("api-production"), "Unauthenticated", "invalid session: token is not recognised"},
		{"ErrUnknownTokenTree", "tok-nope", tree("api-production"), "Unauthenticated", "invalid session: token is not recognised"},
		{"ErrPermissionDeniedGet", tokSync, getApp("web-production"), "PermissionDenied", "permission denied"},
		{"ErrPermissionDeniedTree", tokSync, tree("web-production"), "PermissionDenied", "permission denied"},
		{"ErrPermissionDeniedSync", tokRead, syncApp("api-production"), "PermissionDenied",
			"permission denied: applications, sync, default/api-production, sub: deploybot-ro"},
		{"ErrPermissionDeniedSyncOtherApp", tokSync, syncApp("api-production"), "PermissionDenied",
			"permission denied: applications, sync, default/api-production, sub: deploybot"},
		{"ErrNotFound", tokAdmin, getApp("nope", "default"), "NotFound", `applications.argoproj.io "nope" not found`},
		{"ErrNotFoundOtherProject", tokAdmin, getApp("api-production", "payments"), "NotFound",
			`applications.argoproj.io "api-production" not found`},
		{"ErrPermissionDeniedForbiddenWithProject", tokSync, getApp("web-production", "default"), "PermissionDenied",
			"permission denied"},
		{"ErrPermissionDeniedUnknownAppNoProject", tokAdmin, getApp("nope"), "PermissionDenied", "permission denied"},
		// Apps in other namespaces are not enabled: Argo CD denies, even
		// with the project named (the stand-in used to say NotFound).
		{"ErrPermissionDeniedOtherNamespaceWithProject", tokAdmin, func(ctx context.Context, c application.ApplicationServiceClient) error {
			_, err := c.Get(ctx, &application.ApplicationQuery{Name: ptr("api-production"), AppNamespace: ptr("team-a"), Projects: []string{"default"}})
			return err
		}, "PermissionDenied", "permission denied"},
		// A bad selector is a plain error in Argo CD: codes.Unknown.
		{"ErrListSelector", tokAdmin, func(ctx context.Context, c application.ApplicationServiceClient) error {
			_, err := c.List(ctx, &application.ApplicationQuery{Selector: ptr("a in (")})
			return err
		}, "Unknown", "error parsing the selector: unable to parse requirement: found '', expected: ',', ')' or identifier"},
		{"ErrWatchSelector", tokAdmin, func(ctx context.Context, c application.ApplicationServiceClient) error {
			stream, err := c.Watch(ctx, &application.ApplicationQuery{Selector: ptr("a in (")})
			if err == nil {
				_, err = stream.Recv()
			}
			return err
		}, "Unknown", "error parsing labels with selectors: unable to parse requirement: found '', expected: ',', ')' or identifier"},
		{"ErrNotFoundTree", tokAdmin, func(ctx context.Context, c application.ApplicationServiceClient) error {
			_, err := c.ResourceTree(ctx, &application.ResourcesQuery{ApplicationName: ptr("nope"), Project: ptr("default")})
			return err
		}, "NotFound", `applications.argoproj.io "nope" not found`},
	}
	f.addApp(t, AppSpec{Name: "web-production", Repo: repo, Paths: []string{"web"}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := f.client(t, tt.token)
			code, msg := codeMsg(tt.call(t.Context(), c))
			if diff := cmp.Diff([2]string{tt.wantCode, tt.wantMsg}, [2]string{code, msg}); diff != "" {
				t.Errorf("code, message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestList(t *testing.T) {
	f := newFixture(t)
	f.addApp(t, AppSpec{Name: "web-production", Repo: repo, Paths: []string{"web"}, Labels: map[string]string{"team": "web"}})
	f.src.Commit("acme/billing-gitops", "main", "x")
	f.addApp(t, AppSpec{Name: "billing", Project: "payments", Repo: "acme/billing-gitops", Paths: []string{"x"}})
	tests := []struct {
		name, token string
		q           application.ApplicationQuery
		want        []string
	}{
		{"OK", tokAdmin, application.ApplicationQuery{}, []string{"api-production", "api-staging", "billing", "web-production"}},
		{"OKFilteredByRights", tokSync, application.ApplicationQuery{}, []string{"api-production", "api-staging"}},
		{"OKName", tokAdmin, application.ApplicationQuery{Name: ptr("api-staging")}, []string{"api-staging"}},
		{"OKProject", tokAdmin, application.ApplicationQuery{Projects: []string{"payments"}}, []string{"billing"}},
		{"OKSelector", tokAdmin, application.ApplicationQuery{Selector: ptr("team=web")}, []string{"web-production"}},
		{"OKRepo", tokAdmin, application.ApplicationQuery{Repo: ptr("https://github.com/acme/billing-gitops.git")}, []string{"billing"}},
		{"OKUnknownName", tokAdmin, application.ApplicationQuery{Name: ptr("nope")}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := f.client(t, tt.token).List(t.Context(), &tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, a := range list.Items {
				got = append(got, a.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("apps (-want +got):\n%s", diff)
			}
		})
	}
}
