package githubfake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// getJSON GETs path with the bot token and decodes the answer.
func getJSON(t *testing.T, srv *Server, path string) any {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+botToken)
	resp, err := srv.Client().Do(req)
	must(t, err)
	defer resp.Body.Close()
	var v any
	must(t, json.NewDecoder(resp.Body).Decode(&v))
	return v
}

// at follows a "/"-separated path of keys and indexes into v; it reports
// whether the field is present (a null is present).
func at(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, "/") {
		switch t := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = t[k]; !ok {
				return nil, false
			}
		case []any:
			var i int
			if _, err := fmt.Sscan(k, &i); err != nil || i >= len(t) {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// TestWireFields pins the fields GitHub always sends that the stand-in used
// to leave out (found by checking it against GitHub's REST description),
// with null where GitHub sends null.
func TestWireFields(t *testing.T) {
	srv := newServer(t)
	bot := clientFor(t, srv, botToken)
	pr := promote(t, bot, "p1", configV2)
	must(t, srv.SetBranchProtection(gitops, "main", Protection{RequiredChecks: []string{"ci"}}))
	_, err := addLabels(context.Background(), bot, pr.GetNumber(), "promotion")
	must(t, err)
	commits := getJSON(t, srv, "/repos/acme/gitops/commits?sha=main")
	list, _ := commits.([]any)
	if len(list) == 0 {
		t.Fatal("no commits on main")
	}
	rootSHA, _ := at(list[len(list)-1], "sha")
	tests := []struct {
		name, path, field string
		want              any // nil: JSON null
	}{
		{"GitCommitParentsOfRoot", fmt.Sprintf("/repos/acme/gitops/git/commits/%s", rootSHA), "parents", []any{}},
		{"VerifiedAtNull", fmt.Sprintf("/repos/acme/gitops/git/commits/%s", rootSHA), "verification/verified_at", nil},
		{"PullUser", "/repos/acme/gitops/pulls/1", "user/login", "deploybot"},
		{"PullLinksComments", "/repos/acme/gitops/pulls/1", "_links/comments/href", srv.URL() + "/repos/acme/gitops/issues/1/comments"},
		{"PullRepoURLTemplate", "/repos/acme/gitops/pulls/1", "base/repo/pulls_url", srv.URL() + "/repos/acme/gitops/pulls{/number}"},
		{"UserFollowersURL", "/repos/acme/gitops/pulls/1", "user/followers_url", srv.URL() + "/users/deploybot/followers"},
		{"LabelDescription", "/repos/acme/gitops/pulls", "0/labels/0/description", ""},
		{"BranchProtection", "/repos/acme/gitops/branches/main", "protection/required_status_checks/contexts", []any{"ci"}},
		{"BranchProtectionURL", "/repos/acme/gitops/branches/main", "protection_url", srv.URL() + "/repos/acme/gitops/branches/main/protection"},
		{"RepoLicenseNull", "/repos/acme/gitops", "license", nil},
		{"AuthUserView", "/user", "user_view_type", "private"},
		{"CheckRunsOutput", "/repos/acme/gitops/commits/main/check-runs", "total_count", float64(0)},
		{"CombinedStatusRepo", "/repos/acme/gitops/commits/main/status", "repository/full_name", "acme/gitops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := at(getJSON(t, srv, tt.path), tt.field)
			if !ok {
				t.Fatalf("GET %s: no field %s", tt.path, tt.field)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("GET %s: %s (-want +got):\n%s", tt.path, tt.field, d)
			}
		})
	}
}

// TestDismissValidationSimple checks that dismissing without a message
// answers 422 with errors[] as strings, as validation-error-simple says (the
// stand-in sent {resource, field, code} objects).
func TestDismissValidationSimple(t *testing.T) {
	srv := newServer(t)
	bot := clientFor(t, srv, botToken)
	pr := promote(t, bot, "p1", configV2)
	must(t, srv.Approve(gitops, pr.GetNumber(), "alice"))
	reviews := getJSON(t, srv, fmt.Sprintf("/repos/acme/gitops/pulls/%d/reviews", pr.GetNumber()))
	id, _ := at(reviews, "0/id")
	req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/repos/acme/gitops/pulls/%d/reviews/%.0f/dismissals",
		srv.URL(), pr.GetNumber(), id), strings.NewReader(`{"message":""}`))
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+botToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	must(t, err)
	defer resp.Body.Close()
	var body struct {
		Errors []any `json:"errors"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&body))
	if resp.StatusCode != http.StatusUnprocessableEntity || len(body.Errors) != 1 {
		t.Fatalf("dismiss without message = %d %v, want 422 with one error", resp.StatusCode, body.Errors)
	}
	if _, ok := body.Errors[0].(string); !ok {
		t.Errorf("errors[0] = %#v, want a string", body.Errors[0])
	}
}
