package deploy

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzPromotionBranch checks that any promotion id, service, environment
// and version give a branch name git accepts.
func FuzzPromotionBranch(f *testing.F) {
	f.Add("p42", "api", "production", "v9.1.1")
	f.Add("../x y~^:?*[\\@{z}.lock", "..", ".lock", "v1..2/")
	f.Add("", "", "", "")
	valid := regexp.MustCompile(`^deploybot/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$`)
	f.Fuzz(func(t *testing.T, id, service, env, version string) {
		b := PromotionBranch(Promotion{ID: id, Service: service, Env: env, Version: Version(version)})
		if !valid.MatchString(b) || strings.Contains(b, "..") || strings.Contains(b, "/.") ||
			strings.HasSuffix(b, ".lock") || strings.HasSuffix(b, ".") || strings.Contains(b, ".lock/") {
			t.Fatalf("PromotionBranch = %q, not a valid branch name", b)
		}
	})
}

// FuzzMarkdownText checks that free text stays one line of plain text:
// once the escapes are taken out, no Markdown or HTML syntax is left.
func FuzzMarkdownText(f *testing.F) {
	f.Add("fix *this* <b>now</b> | @sam [x](y) `z` \\")
	f.Add("line one\nline two\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		out := mdText(s)
		if strings.ContainsAny(out, "\r\n") {
			t.Fatalf("mdText(%q) = %q spans lines", s, out)
		}
		bare := regexp.MustCompile(`\\.`).ReplaceAllString(out, "")
		if strings.ContainsAny(bare, mdSpecial) {
			t.Fatalf("mdText(%q) = %q leaves syntax unescaped", s, out)
		}
	})
}
