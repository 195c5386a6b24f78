package testdrive

import (
	"context"
	"fmt"
	"io"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/standins"
)

// runStandIns starts only the stand-ins, prints where they listen and the
// environment to give deploybot serve, and runs until ctx is done
// (Ctrl-C).
func runStandIns(ctx context.Context, w io.Writer, opts standins.Options) error {
	si, err := standins.Start(ctx, opts)
	if err != nil {
		return fmt.Errorf("start the stand-ins: %w", err)
	}
	defer si.Close()
	fmt.Fprintf(w, "slack-api: %s\n", si.Slack.APIURL())
	fmt.Fprintf(w, "github-api: %s/\n", si.GitHub.URL())
	fmt.Fprintf(w, "argocd-grpc: %s\n", si.Argo.Addr())
	fmt.Fprintf(w, "config: %s\n", si.ConfigPath)
	fmt.Fprint(w, "\nexport")
	s := si.Secrets
	for _, v := range []struct {
		name string
		val  config.Secret
	}{{config.EnvSlackAppToken, s.SlackAppToken}, {config.EnvSlackBotToken, s.SlackBotToken},
		{config.EnvGitHubToken, s.GitHubToken}, {config.EnvArgoCDAuthToken, s.ArgoCDAuthToken}} {
		fmt.Fprintf(w, " %s=%s", v.name, v.val.Reveal())
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\nSlack users: maria %s, sam %s (in @platform-leads %s); channel %s.\n",
		standins.Maria, standins.Sam, standins.LeadsGroup, standins.Channel)
	fmt.Fprintln(w, "Running until interrupted (Ctrl-C).")
	<-ctx.Done()
	return nil
}
