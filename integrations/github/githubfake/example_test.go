package githubfake_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/google/go-github/v60/github"
)

// Example shows the stand-in driven by the real go-github client: seed a
// repository, open a pull request from a branch a person pushed, merge it
// with the expected head, and read the result back.
func Example() {
	dir, err := os.MkdirTemp("", "githubfake-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := githubfake.New(githubfake.Options{Dir: dir, Token: "ghp_test",
		Clock: func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.AddRepo("acme/gitops", "main", map[string][]byte{"prod/api.yaml": []byte("tag: v1\n")}); err != nil {
		log.Fatal(err)
	}
	head, err := srv.PushCommit("acme/gitops", "bump", "alice", "bump api", map[string][]byte{"prod/api.yaml": []byte("tag: v2\n")})
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	c, err := github.NewClient(nil).WithAuthToken("ghp_test").WithEnterpriseURLs(srv.URL()+"/", srv.URL()+"/")
	if err != nil {
		log.Fatal(err)
	}
	pr, _, err := c.PullRequests.Create(ctx, "acme", "gitops", &github.NewPullRequest{
		Title: github.String("bump api"), Head: github.String("bump"), Base: github.String("main")})
	if err != nil {
		log.Fatal(err)
	}
	res, _, err := c.PullRequests.Merge(ctx, "acme", "gitops", pr.GetNumber(), "", &github.PullRequestOptions{SHA: head})
	if err != nil {
		log.Fatal(err)
	}
	content, _ := srv.File("acme/gitops", "main", "prod/api.yaml")
	merge, _ := srv.Commit("acme/gitops", res.GetSHA())
	fmt.Printf("#%d merged=%v parents=%d main=%q\n", pr.GetNumber(), res.GetMerged(), len(merge.Parents), content)
	// Output: #1 merged=true parents=2 main="tag: v2\n"
}
