package deploy

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/google/go-cmp/cmp"
)

// update rewrites the golden pull request descriptions in testdata/github
// before comparing against them; every package's golden tests use -update.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/github")

func TestPromotionBranch(t *testing.T) {
	validRef := regexp.MustCompile(`^deploybot/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$`)
	tests := []struct {
		name string
		p    Promotion
		want string
	}{
		{"OK", Promotion{ID: "p42", Service: "api", Env: "production", Version: "v9.1.1"}, "deploybot/production/api-v9.1.1-p42"},
		{"OKRollback", Promotion{ID: "p43", Kind: KindRollback, Service: "api", Env: "production", Version: "v9.1.0"}, "deploybot/production/rollback-api-v9.1.0-p43"},
		{"OKAll", Promotion{ID: "p44", Service: "all", Env: "production"}, "deploybot/production/all-p44"},
		{"OKSHA", Promotion{ID: "7", Service: "checkout", Env: "staging", Version: Version(strings.Repeat("ab", 20))}, "deploybot/staging/checkout-abababababab-7"},
		{"OKBuildMetadata", Promotion{ID: "p1", Service: "api", Env: "production", Version: "1.2.3+build.7"}, "deploybot/production/api-1.2.3-build.7-p1"},
		{"OKHostile", Promotion{ID: "../x y~^:?*[\\@{z}.lock", Service: "api", Env: "..prod..", Version: "v1..2"}, "deploybot/prod/api-v1.2-.-x-y-z"},
		{"OKEmpty", Promotion{}, "deploybot/x/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PromotionBranch(tt.p)
			if got != tt.want {
				t.Errorf("PromotionBranch = %q, want %q", got, tt.want)
			}
			if !validRef.MatchString(got) || strings.Contains(got, "..") || strings.HasSuffix(got, ".lock") {
				t.Errorf("%q is not a valid branch name", got)
			}
		})
	}
}

func TestPromotionTitle(t *testing.T) {
	p := Promotion{Service: "api", Env: "production", PreviousVersion: "v9.1.0", Version: "v9.1.1"}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"OKFromPlan", PromotionTitle(p, Plan{Env: "production", Service: "api", Changes: []ServiceChange{{Service: "api", From: "9.1.0", To: "9.1.1"}}}), "promote(production): api 9.1.0 → 9.1.1"},
		{"OKFromPromotion", PromotionTitle(p, Plan{}), "promote(production): api v9.1.0 → v9.1.1"},
		{"OKAll", PromotionTitle(Promotion{Service: "all", Env: "production"}, Plan{Env: "production", Service: AllServices}), "promote(production): all services"},
		{"OKRollback", RollbackTitle(Promotion{Kind: KindRollback, Service: "api", Env: "production", PreviousVersion: "v9.1.1", Version: "v9.1.0"}), "rollback(production): api v9.1.1 → v9.1.0"},
		{"OKRollbackAll", RollbackTitle(Promotion{Kind: KindRollback, Service: "all", Env: "production"}), "rollback(production): all services"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestMarkdownText(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"OKPlain", mdText("fix the login page"), "fix the login page"},
		{"OKSyntax", mdText("*a* _b_ [c](d) <script> `e` | f ~g~ & h\\"), `\*a\* \_b\_ \[c\](d) \<script\> \` + "`" + `e\` + "`" + ` \| f \~g\~ \& h\\`},
		{"OKMention", mdText("ask @sam, mail a@b.com"), "ask @" + zeroWidthSpace + "sam, mail a@b.com"},
		{"OKLines", mdText("one\ntwo\r\n  three"), "one two three"},
		{"OKSubjectRefs", mdCommitSubject("Fix token refresh (#812), see #3 and acme/x#4", "acme/api"), "Fix token refresh (acme/api#812), see acme/api#3 and acme/x#4"},
		{"OKSubjectNoRepo", mdCommitSubject("Fix *it* (#812)", ""), `Fix \*it\* (#812)`},
		{"OKCode", mdCode("a`b"), "``a`b``"},
		{"OKQuote", mdQuote("# not a heading\n\n- nor a list"), "> \\# not a heading\n>\n> \\- nor a list"},
		{"OKRequesterSlack", mdRequester("U0123ABCD"), "`<@U0123ABCD>`"},
		{"OKRequesterName", mdRequester("maria_k"), `maria\_k`},
		{"OKMarker", promotionMarker("p-->1"), "<!-- deploybot:promotion=p1 -->"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// samplePromotion is the promotion the golden descriptions show.
func samplePromotion() Promotion {
	at := time.Date(2026, 3, 2, 14, 2, 0, 0, time.UTC)
	return Promotion{ID: "p42", Kind: KindPromote, Service: "api", Env: "production", Version: "v9.1.1",
		PreviousVersion: "v9.1.0", Requester: "U0123ABCD", Reason: "Fixes the token refresh bug (INC-7) for @customers",
		CreatedAt: at, Evidence: &Evidence{Env: "staging", Version: "v9.1.1",
			Revision: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", HealthySince: at.Add(-134 * time.Minute), ObservedAt: at}}
}

// samplePlan moves api in production, one file.
func samplePlan() Plan {
	return Plan{Env: "production", Service: "api",
		Changes: []ServiceChange{{Service: "api", From: "v9.1.0", To: "v9.1.1"}},
		Files: []FileChange{{Path: "environments/production/api/config.yaml",
			Old: []byte("chartTag: api-v9.1.0\n"), New: []byte("chartTag: api-v9.1.1\n")}}}
}

// sampleChangelog has n commits, newest first, all listed.
func sampleChangelog(n int) *Changelog {
	cl := &Changelog{Total: n}
	for i := n; i >= 1; i-- {
		sha := fmt.Sprintf("%02d%s", i, strings.Repeat("c", 38))
		cl.Commits = append(cl.Commits, Commit{SHA: sha, Message: fmt.Sprintf("Change number %d (#%d)", i, 800+i),
			Author: "li", URL: "https://github.com/acme/api/commit/" + sha})
	}
	return cl
}

func TestPromotionBody(t *testing.T) {
	origin := &Change{Repo: "acme/api", Number: 817, Title: "Release v9.1.1: fix token refresh (#812)", Author: "li",
		URL: "https://github.com/acme/api/pull/817", MergeSHA: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
		MergedAt: time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)}
	long := sampleChangelog(ChangelogShown)
	long.Total = 27
	minimal := samplePromotion()
	minimal.Evidence, minimal.Reason, minimal.Requester, minimal.CreatedAt = nil, "", "maria", time.Time{}
	all := Promotion{ID: "p44", Service: "all", Env: "production", Requester: "U0123ABCD",
		CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Evidence: &Evidence{Env: "staging"}}
	allPlan := Plan{Env: "production", Service: AllServices,
		Changes:   []ServiceChange{{Service: "api", From: "v9.1.0", To: "v9.1.1"}, {Service: "billing", From: "v2.0.2", To: "v2.0.3"}},
		Unchanged: []ServiceChange{{Service: "reports", From: "1.5.0", To: "1.5.0"}},
		Files: []FileChange{{Path: "environments/production/api/config.yaml", Old: []byte("a"), New: []byte("b")},
			{Path: "environments/production/billing/config.yaml", Old: []byte("a"), New: []byte("b")}}}
	tests := []struct {
		name string
		in   PRBodyInput
	}{
		{"promotion", PRBodyInput{Promotion: samplePromotion(), Plan: samplePlan(), Origin: origin,
			Changelog: sampleChangelog(3), SourceRepo: "acme/api"}},
		{"promotion_trimmed", PRBodyInput{Promotion: samplePromotion(), Plan: samplePlan(), Origin: origin,
			Changelog: long, SourceRepo: "acme/api", CompareURL: "https://github.com/acme/api/compare/v9.1.0...v9.1.1"}},
		{"promotion_unknown_origin", PRBodyInput{Promotion: minimal, Plan: samplePlan(), SourceRepo: "acme/api",
			Changelog: &Changelog{}}},
		{"promotion_no_source", PRBodyInput{Promotion: minimal, Plan: samplePlan()}},
		{"promotion_all", PRBodyInput{Promotion: all, Plan: allPlan}},
		{"promotion_approvals", PRBodyInput{Promotion: minimal, Plan: samplePlan(),
			Approvals: approvalsNote(config.Environment{Name: "production", Approvals: 2, UnapprovedMerge: config.UnapprovedRollback}, KindPromote)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := PromotionBody(tt.in)
			checkGolden(t, tt.name, body)
			if !strings.HasSuffix(body, promotionMarker(tt.in.Promotion.ID)+"\n") {
				t.Errorf("body does not end with the marker")
			}
		})
	}
}

func TestRollbackBody(t *testing.T) {
	of := samplePromotion()
	of.PR = PullRequest{Number: 12, URL: "https://github.com/acme/gitops/pull/12", Title: "promote(production): api v9.1.0 → v9.1.1"}
	of.MergeSHA = "0123456789abcdef0123456789abcdef01234567"
	rb := Promotion{ID: "p43", Kind: KindRollback, Service: "api", Env: "production", Version: "v9.1.0",
		PreviousVersion: "v9.1.1", Requester: "U0123ABCD", Reason: "Degraded 6 min after merge", RollbackOf: "p42",
		CreatedAt: time.Date(2026, 3, 2, 14, 23, 0, 0, time.UTC)}
	files := []FileChange{{Path: "environments/production/api/config.yaml", Old: []byte("b"), New: []byte("a")},
		{Path: "promotions/production/api.yaml", Old: []byte("x")}}
	body := RollbackBody(RollbackBodyInput{Rollback: rb, Of: of, Files: files, RepoURL: "https://github.com/acme/gitops"})
	checkGolden(t, "rollback", body)
}

// checkGolden compares got with testdata/github/name.md, or rewrites the
// file with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "github", name+".md")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./deploy -run 'PromotionBody|RollbackBody' -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
