package githubfake

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

// TestOnRefUpdate checks that branch moves through the API and the Go API
// are reported, and that a hook may call the server.
func TestOnRefUpdate(t *testing.T) {
	srv := newServer(t)
	var mu sync.Mutex
	var got []string
	srv.OnRefUpdate(func(u RefUpdate) {
		head := srv.Head(u.Repo, u.Branch) // calling back in must not deadlock
		mu.Lock()
		defer mu.Unlock()
		got = append(got, fmt.Sprintf("%s %s new=%v head=%v", u.Repo, u.Branch, u.New != "", head == u.New))
	})
	c := clientFor(t, srv, botToken)
	pr := promote(t, c, "p1", configV2)
	_, err := srv.MergePR(gitops, pr.GetNumber(), "alice")
	must(t, err)
	_, err = c.Git.DeleteRef(context.Background(), "acme", "gitops", "heads/p1")
	must(t, err)
	want := []string{
		"acme/gitops p1 new=true head=true",
		"acme/gitops main new=true head=true",
		"acme/gitops p1 new=false head=true",
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("updates (-want +got):\n%s", diff)
	}
}

// TestConcurrent runs API calls and Go API calls at once (run with -race).
func TestConcurrent(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := 0; i < 4; i++ {
		wg.Add(3)
		go func() {
			defer wg.Done()
			_, _, _, err := c.Repositories.GetContents(ctx, "acme", "gitops", configPath, nil)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := srv.PushCommit(gitops, fmt.Sprintf("b%d", i), "bob", "x", map[string][]byte{"f": []byte{byte(i)}})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, _, err := c.PullRequests.List(ctx, "acme", "gitops", &github.PullRequestListOptions{State: "all"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	if n := len(srv.Branches(gitops)); n != 5 {
		t.Errorf("%d branches, want 5", n)
	}
}

// TestDeterministic checks that the same steps on the same clock give the
// same commit SHAs.
func TestDeterministic(t *testing.T) {
	var heads []string
	for i := 0; i < 2; i++ {
		srv := newServer(t)
		seedApp(t, srv)
		pr := promote(t, clientFor(t, srv, botToken), "p1", configV2)
		_, err := srv.MergePR(gitops, pr.GetNumber(), "alice")
		must(t, err)
		heads = append(heads, srv.Head(gitops, "main")+" "+srv.Head("acme/api", "main"))
	}
	if heads[0] != heads[1] {
		t.Errorf("heads differ: %q", heads)
	}
}
