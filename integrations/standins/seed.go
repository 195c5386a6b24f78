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
)

// apiHistory is the application repository's history: merged pull
// requests, and the release tags after them.
var apiHistory = []struct{ title, author, file, tag string }{
	{"Add the token cache", "li", "internal/auth/cache.go", "v9.1.0"},
	{"Fix token refresh after expiry", "li", "internal/auth/refresh.go", ""},
	{"Bump google.golang.org/grpc to 1.64.1", "ops-bot[bot]", "go.mod", ""},
	{"Log the request id on 5xx", "noor", "internal/http/log.go", "v9.1.1"},
}

// seedGitHub creates acme/gitops from the testdrive seed (plus the files
// of extra services) and acme/api with its merged pull requests and
// release tags.
func seedGitHub(gh *githubfake.Server, extra int) error {
	repo, err := fs.Sub(seed, "repo")
	if err != nil {
		return err
	}
	if err := addGitOps(gh, repo, extra); err != nil {
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

// addGitOps creates acme/gitops from repo and, when extra > 0, the
// kustomization overlays of that many extra services.
func addGitOps(gh *githubfake.Server, repo fs.FS, extra int) error {
	if extra <= 0 {
		return gh.AddRepoFS(GitOpsRepo, "main", repo)
	}
	files := map[string][]byte{}
	err := fs.WalkDir(repo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(repo, p)
		files[p] = b
		return err
	})
	if err != nil {
		return err
	}
	for i := 1; i <= extra; i++ {
		name := ServiceName(i)
		for env, tag := range map[string]string{"staging": "2.0", "production": "1.0"} {
			files[extraFile(name, env)] = []byte(fmt.Sprintf("apiVersion: kustomize.config.k8s.io/v1beta1\n"+
				"kind: Kustomization\nnamespace: %[1]s-%[2]s\nimages:\n  - name: %[1]s\n"+
				"    newName: ghcr.io/acme/%[1]s\n    newTag: \"%[3]s\"\n", name, env, tag))
		}
	}
	return gh.AddRepo(GitOpsRepo, "main", files)
}

// extraFile is the deployed file of extra service name in env.
func extraFile(name, env string) string {
	return "apps/" + name + "/overlays/" + env + "/kustomization.yaml"
}

// appFiles are the files whose change makes each Application OutOfSync.
var appFiles = map[string]string{
	"api-staging":    "environments/staging/api/config.yaml",
	"api-production": "environments/production/api/config.yaml",
	"web-staging":    "apps/web/overlays/staging/kustomization.yaml",
	"web-production": "apps/web/overlays/production/kustomization.yaml",
}

// seedArgo adds the four Applications (and two per extra service),
// Synced and Healthy at the seed; staging syncs automatically, production
// manually.
func seedArgo(ctx context.Context, argo *argocdfake.Server, extra int) error {
	files := map[string]string{}
	names := []string{"api-staging", "web-staging", "api-production", "web-production"}
	for _, name := range names {
		files[name] = appFiles[name]
	}
	for i := 1; i <= extra; i++ {
		for _, env := range []string{"staging", "production"} {
			name := ServiceName(i) + "-" + env
			names, files[name] = append(names, name), extraFile(ServiceName(i), env)
		}
	}
	for _, name := range names {
		spec := argocdfake.AppSpec{Name: name, Repo: GitOpsRepo, Path: path.Dir(files[name]),
			Paths: []string{files[name]}, Automated: strings.HasSuffix(name, "-staging")}
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
	s.AddUser(slackfake.User{ID: Noor, Name: "noor", RealName: "Noor Haddad"})
	s.SetUserGroup(slackfake.UserGroup{ID: LeadsGroup, Handle: "platform-leads", Members: []string{Sam, Noor}})
}
