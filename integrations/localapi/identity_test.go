package localapi

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestVerify(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name  string
		token string
		want  Identity
		code  fault.Code
		msg   string
	}{
		{"OKAutomation", ciToken, Identity{Person: deploy.Person{ID: "automation:ci"}, Automation: "ci"}, "", ""},
		{"OKPerson", samToken, Identity{Person: deploy.Person{ID: samSlack, GitHubLogin: "sam"}, Login: "sam"}, "", ""},
		{"ErrNoToken", " ", Identity{}, fault.CodeUnauthorised, "no credential: set DEPLOYBOT_TOKEN"},
		{"ErrNotInPeople", evaToken, Identity{}, fault.CodeUnauthorised, "GitHub user eva is not in people:"},
		{"ErrBadToken", "ghp_NotAToken0123456789", Identity{}, fault.CodeUnauthorised, "GitHub does not accept the token (Bad credentials)"},
		{"ErrBot", botToken, Identity{}, fault.CodeUnauthorised, "a bot, not a person"},
		{"ErrAutomationTokenCase", strings.ToUpper(ciToken), Identity{}, fault.CodeUnauthorised, "GitHub does not accept the token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.verifier.Verify(context.Background(), tt.token)
			if code := fault.ErrorCode(err); code != tt.code || (err != nil && !strings.Contains(err.Error(), tt.msg)) {
				t.Fatalf("Verify = %v (%q), want %q containing %q", err, code, tt.code, tt.msg)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("identity (-want +got):\n%s", diff)
			}
			if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tt.token)) && strings.TrimSpace(tt.token) != "" {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
}

func TestVerifyCachesGitHub(t *testing.T) {
	w := newWorld(t)
	for range 3 {
		if _, err := w.verifier.Verify(context.Background(), samToken); err != nil {
			t.Fatal(err)
		}
	}
	if n := w.ghCalls.Load(); n != 1 {
		t.Errorf("%d calls to GitHub for three checks of one token, want 1", n)
	}
	if _, err := w.verifier.Verify(context.Background(), ciToken); err != nil || w.ghCalls.Load() != 1 {
		t.Errorf("an automation token: %v, %d calls to GitHub; want none", err, w.ghCalls.Load()-1)
	}
}

func TestVerifyGitHubDown(t *testing.T) {
	w := newWorld(t)
	w.gh.Close()
	_, err := w.verifier.Verify(context.Background(), samToken)
	if fault.ErrorCode(err) != fault.CodeUnavailable || !strings.Contains(err.Error(), "cannot ask GitHub") {
		t.Errorf("Verify with GitHub down = %v (%q), want unavailable", err, fault.ErrorCode(err))
	}
	// An automation needs no GitHub.
	if _, err := w.verifier.Verify(context.Background(), ciToken); err != nil {
		t.Errorf("automation token with GitHub down: %v", err)
	}
}
