package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/localapi"
)

// The pipeline commands' tests: who asks: automation tokens, GitHub tokens, the gone --requester.

// TestPipelineAutomationNeverApproves: the pipeline's automation token
// cannot approve the promotion it requested, nor can another automation:
// whoever holds both tokens still cannot merge without a person.
func TestPipelineAutomationNeverApproves(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	ctx := context.Background()
	pr, err := p.api(ciToken).Promote(ctx, localapi.PromoteRequest{Service: "web", Version: "3.1", Env: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Requester != ciBot {
		t.Errorf("requester %q, want %q", pr.Requester, ciBot)
	}
	for _, token := range []string{ciToken, nightlyToken} {
		_, err := p.api(token).Approve(ctx, pr.ID)
		if fault.ErrorCode(err) != fault.CodeUnauthorised || !strings.Contains(err.Error(), "can never approve") {
			t.Errorf("approve with an automation token: %v, want unauthorised: can never approve", err)
		}
	}
	got, err := p.api("").Promotion(ctx, pr.ID)
	if err != nil || got.State != deploy.StatePROpen || len(got.Approvals) != 0 {
		t.Errorf("promotion after the refused approvals: %s with %d approvals (%v); want pr_open, none", got.State, len(got.Approvals), err)
	}
	if open := p.openPRs(); len(open) != 1 || open[0].Merged {
		t.Errorf("pull requests %+v, want one, open", open)
	}
}

// TestPipelineTokens: without a valid token nothing is requested, with
// and without serve; --requester is gone.
func TestPipelineTokens(t *testing.T) {
	p := newPipeline(t)
	tests := []struct {
		name  string
		token string
		msg   string
	}{
		{"ErrWrongToken", "not-a-token-0123456789", "GitHub does not accept the token"},
		// Without DEPLOYBOT_TOKEN, GITHUB_TOKEN is taken as a person's
		// token; here it is the bot's own.
		{"ErrBotToken", "", "a bot, not a person"},
	}
	for _, serve := range []bool{false, true} {
		if serve {
			p.serve()
		}
		for _, tt := range tests {
			p.token = tt.token
			r := p.run(10*time.Second, "promote", "web", "3.2", "staging")
			r.want(t, 2, nil, []string{tt.msg})
			rb := p.run(10*time.Second, "rollback", "web", "staging")
			rb.want(t, 2, nil, []string{tt.msg})
		}
		p.token = ciToken
		p.run(5*time.Second, "promote", "web", "3.2", "staging", "--requester", "U0SAM").
			want(t, 2, nil, []string{"--requester is gone", "DEPLOYBOT_TOKEN"})
	}
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests after refused requests, want 0", n)
	}
}
