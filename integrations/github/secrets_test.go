package github_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

// TestNoSecretsInErrorsOrLogs forces every kind of failure, with debug
// logging, and checks that no token, private key or JWT shows up in an
// error message or a log line.
func TestNoSecretsInErrorsOrLogs(t *testing.T) {
	ctx := context.Background()
	var texts []string
	collect := func(err error) {
		if err == nil {
			t.Error("expected a failure")
			return
		}
		texts = append(texts, err.Error(), fault.UserMessage(err))
	}
	for _, token := range []string{botToken, badToken, readOnlyToken} {
		e := newEnv(t, withToken(token))
		e.srv.AddToken(readOnlyToken, githubfake.Token{Login: "viewer", ReadOnly: true})
		e.srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/contents/**", Status: 502, Times: -1})
		e.srv.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/pulls", Status: 403, RetryAfter: time.Second, Times: -1})
		head, err := e.c.Head(ctx)
		if token == badToken {
			collect(err)
			texts = append(texts, e.logs.String())
			continue
		}
		fsys, err := e.c.Snapshot(ctx, head)
		must(t, err)
		_, err = deploy.NewPlan(e.cfg, fsys, apiProd)
		collect(err)
		_, err = e.c.OpenChange(ctx, deploy.ChangeRequest{Branch: "deploybot/x", BaseSHA: head, Message: "m", Title: "t",
			Files: []deploy.FileChange{{Path: prodAPI, New: []byte("x")}}})
		collect(err)
		_, err = e.c.Merge(ctx, deploy.PullRequest{Number: 9, HeadSHA: head}, "")
		collect(err)
		texts = append(texts, e.logs.String())
	}
	srv, key := appEnv(t)
	_, other := appEnv(t)
	for _, k := range [][]byte{key, other} {
		logs := &syncBuffer{}
		c := appClient(t, srv, installation, k, logs)
		srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/commits/**", Status: 500, Times: -1})
		_, err := c.Head(ctx)
		collect(err)
		srv.ClearFaults()
		texts = append(texts, logs.String())
	}
	secrets := []string{botToken, badToken, readOnlyToken, "ghs_", "Bearer", "Authorization"}
	keyBody := strings.Split(string(key), "\n")[3] // a line from inside the PEM
	secrets = append(secrets, keyBody, strings.Split(string(other), "\n")[3])
	jwt := regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}`)
	all := strings.Join(texts, "\n")
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("%q leaked into errors or logs", s)
		}
	}
	if m := jwt.FindString(all); m != "" {
		t.Errorf("a JWT leaked into errors or logs: %s", m)
	}
	if !strings.Contains(all, "retrying GitHub request") || !strings.Contains(all, "could not remove") && !strings.Contains(all, "github request") {
		t.Errorf("the logs were not captured:\n%s", all)
	}
}
