package standins

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/testdata/testdrive"
)

// apiHistory is the application repository's history: merged pull
// requests, and the release tags after them.
var apiHistory = []struct{ title, author, file, tag string }{
	{"Add the token cache", "li", "internal/auth/cache.go", "v9.1.0"},
	{"Fix token refresh after expiry", "li", "internal/auth/refresh.go", ""},
	{"Bump google.golang.org/grpc to 1.64.1", "ops-bot[bot]", "go.mod", ""},
	{"Log the request id on 5xx", "noor", "internal/http/log.go", "v9.1.1"},
}

// seedGitHub creates acme/gitops from the testdrive seed and acme/api with
// its merged pull requests and release tags.
func seedGitHub(gh *githubfake.Server) error {
	repo, err := fs.Sub(testdrive.Files, "repo")
	if err != nil {
		return err
	}
	if err := gh.AddRepoFS(GitOpsRepo, "main", repo); err != nil {
		return fmt.Errorf("seed %s: %w", GitOpsRepo, err)
	}
	if err := gh.AddRepo(AppRepo, "main", map[string][]byte{"README.md": []byte("# api\n")}); err != nil {
		return fmt.Errorf("seed %s: %w", AppRepo, err)
	}
	for i, h := range apiHistory {
		body := []byte(fmt.Sprintf("package x // change %d: %s\n", i+1, h.title))
		_, sha, err := gh.AddMergedPR(AppRepo, h.title, h.author, map[string][]byte{h.file: body})
		if err != nil {
			return fmt.Errorf("seed %s: %w", AppRepo, err)
		}
		if h.tag == "" {
			continue
		}
		if _, err := gh.Tag(AppRepo, h.tag, sha); err != nil {
			return fmt.Errorf("seed %s: %w", AppRepo, err)
		}
	}
	return nil
}

// appFiles are the files whose change makes each Application OutOfSync.
var appFiles = map[string]string{
	"api-staging":    "environments/staging/api/config.yaml",
	"api-production": "environments/production/api/config.yaml",
	"web-staging":    "apps/web/overlays/staging/kustomization.yaml",
	"web-production": "apps/web/overlays/production/kustomization.yaml",
}

// seedArgo adds the four Applications, Synced and Healthy at the seed;
// staging syncs automatically, production manually.
func seedArgo(ctx context.Context, argo *argocdfake.Server) error {
	for _, name := range []string{"api-staging", "web-staging", "api-production", "web-production"} {
		spec := argocdfake.AppSpec{Name: name, Repo: GitOpsRepo, Path: path.Dir(appFiles[name]),
			Paths: []string{appFiles[name]}, Automated: strings.HasSuffix(name, "-staging")}
		if err := argo.AddApp(ctx, spec); err != nil {
			return err
		}
	}
	return nil
}

// seedSlack adds #deploys, maria, sam and @platform-leads.
func seedSlack(s *slackfake.Server) {
	s.AddChannel(Channel, "deploys")
	s.AddUser(slackfake.User{ID: Maria, Name: "maria", RealName: "Maria Lopez"})
	s.AddUser(slackfake.User{ID: Sam, Name: "sam", RealName: "Sam Okafor"})
	s.SetUserGroup(slackfake.UserGroup{ID: LeadsGroup, Handle: "platform-leads", Members: []string{Sam}})
}
