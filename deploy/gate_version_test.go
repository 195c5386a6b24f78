package deploy

import (
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestCheckVersionPolicy(t *testing.T) {
	prod := config.Environment{Name: "production", After: "staging"}
	approved := config.Environment{Name: "production", Approvals: 1}
	staging := config.Environment{Name: "staging"}
	semverSvc := config.Service{Name: "api", Version: config.PatternSemver}
	shaSvc := config.Service{Name: "checkout", Version: config.PatternSHA}
	anySvc := config.Service{Name: "web", Version: config.PatternAny}
	defaultSvc := config.Service{Name: "web"}
	const sha = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
	const yamlChars = ": { } [ ] , & * # ? | < > = ! % @ \\ ' \" `"
	tests := []struct {
		name string
		svc  config.Service
		env  config.Environment
		v    Version
		want gateResult
	}{
		{"OKSemver", semverSvc, prod, "v9.1.1", gateResult{}},
		{"OKSemverNoV", semverSvc, prod, "9.1.1", gateResult{}},
		{"OKSemverPrerelease", semverSvc, prod, "v9.1.1-rc.1+build.5", gateResult{}},
		{"OKSHA", shaSvc, prod, sha, gateResult{}},
		{"OKAny", anySvc, prod, "3.1", gateResult{}},
		{"OKAnyPunctuation", anySvc, prod, "api-v9.1.1_build.7/x~y+z", gateResult{}},
		{"OKAnyUnicode", anySvc, prod, "relé-1", gateResult{}},
		{"OKDefaultPatternIsAny", defaultSvc, prod, "sha-a3f891c", gateResult{}},
		{"OKMovingTagUnprotected", anySvc, staging, "latest", gateResult{}},
		{"OKMaxLength", anySvc, prod, Version(strings.Repeat("a", 128)), gateResult{}},
		{"ErrEmpty", semverSvc, staging, "", gateResult{fault.CodeInvalid,
			"Can't promote api to staging: no version given. Name one, e.g. a release such as v9.1.1."}},
		{"ErrTooLong", anySvc, prod, Version(strings.Repeat("a", 129)), gateResult{fault.CodeInvalid,
			"Can't promote web to production: the version is 129 bytes long; the limit is 128."}},
		{"ErrLatest", anySvc, prod, "latest", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "latest" is a moving tag, so production might not run what was validated. Use an immutable version, e.g. a release tag or a full commit SHA.`}},
		{"ErrStableUpperCase", anySvc, approved, "STABLE", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "STABLE" is a moving tag, so production might not run what was validated. Use an immutable version, e.g. a release tag or a full commit SHA.`}},
		{"ErrMainSemverService", semverSvc, prod, "Main", gateResult{fault.CodeInvalid,
			`Can't promote api to production: "Main" is a moving tag, so production might not run what was validated. Use an immutable version, e.g. a release such as v9.1.1.`}},
		{"ErrHeadSHAService", shaSvc, prod, "HEAD", gateResult{fault.CodeInvalid,
			`Can't promote checkout to production: "HEAD" is a moving tag, so production might not run what was validated. Use an immutable version, e.g. a full 40-character commit SHA.`}},
		{"ErrMaster", anySvc, prod, "master", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "master" is a moving tag, so production might not run what was validated. Use an immutable version, e.g. a release tag or a full commit SHA.`}},
		{"ErrNightly", anySvc, prod, "nightly", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "nightly" is a moving tag, so production might not run what was validated. Use an immutable version, e.g. a release tag or a full commit SHA.`}},
		{"ErrSemverPartial", semverSvc, prod, "v9.1", gateResult{fault.CodeInvalid,
			`Can't promote api to production: "v9.1" is not a semantic version. Use MAJOR.MINOR.PATCH, e.g. v9.1.1 or 9.1.1-rc.1.`}},
		{"ErrSemverLeadingZero", semverSvc, prod, "v09.1.1", gateResult{fault.CodeInvalid,
			`Can't promote api to production: "v09.1.1" is not a semantic version. Use MAJOR.MINOR.PATCH, e.g. v9.1.1 or 9.1.1-rc.1.`}},
		{"ErrSemverDoubleV", semverSvc, prod, "vv9.1.1", gateResult{fault.CodeInvalid,
			`Can't promote api to production: "vv9.1.1" is not a semantic version. Use MAJOR.MINOR.PATCH, e.g. v9.1.1 or 9.1.1-rc.1.`}},
		{"ErrSemverMovingUnprotected", semverSvc, staging, "latest", gateResult{fault.CodeInvalid,
			`Can't promote api to staging: "latest" is not a semantic version. Use MAJOR.MINOR.PATCH, e.g. v9.1.1 or 9.1.1-rc.1.`}},
		{"ErrShortSHA", shaSvc, prod, "a1b2c3d", gateResult{fault.CodeInvalid,
			"Can't promote checkout to production: a1b2c3d is a short SHA; a full 40-character commit SHA is needed, so the version can't become ambiguous."}},
		{"ErrUpperSHA", shaSvc, prod, Version(strings.ToUpper(sha)), gateResult{fault.CodeInvalid,
			"Can't promote checkout to production: the commit SHA must be lower-case: " + sha + "."}},
		{"ErrNotSHA", shaSvc, prod, "v9.1.1", gateResult{fault.CodeInvalid,
			`Can't promote checkout to production: "v9.1.1" is not a commit SHA. Use a full 40-character commit SHA.`}},
		{"ErrLongSHA", shaSvc, prod, sha + "0", gateResult{fault.CodeInvalid,
			`Can't promote checkout to production: "` + sha + `0" is not a commit SHA. Use a full 40-character commit SHA.`}},
		{"ErrSpace", anySvc, prod, "3.1 beta", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "3.1 beta" contains whitespace. A version must be one token without whitespace, control characters or any of ` + yamlChars + "."}},
		{"ErrNewline", anySvc, prod, "3.1\nkey: x", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "3.1\nkey: x" contains whitespace. A version must be one token without whitespace, control characters or any of ` + yamlChars + "."}},
		{"ErrControl", anySvc, prod, "3.1\x00", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "3.1\x00" contains a control character. A version must be one token without whitespace, control characters or any of ` + yamlChars + "."}},
		{"ErrInvisible", anySvc, prod, "3.1\u200b", gateResult{fault.CodeInvalid,
			`Can't promote web to production: "3.1\u200b" contains a control character. A version must be one token without whitespace, control characters or any of ` + yamlChars + "."}},
		{"ErrBadUTF8", anySvc, prod, "3.1\xff", gateResult{fault.CodeInvalid,
			"Can't promote web to production: the version is not valid UTF-8."}},
		{"ErrUnknownPattern", config.Service{Name: "web", Version: "calver"}, prod, "2026.03", gateResult{fault.CodeInternal,
			`service web has unknown version pattern "calver"`}},
	}
	for _, c := range ":{}[],&*#?|<>=!%@\\'\"`" {
		v := Version("3.1" + string(c) + "x")
		tests = append(tests, struct {
			name string
			svc  config.Service
			env  config.Environment
			v    Version
			want gateResult
		}{"ErrYAMLChar" + string(c), anySvc, staging, v, gateResult{fault.CodeInvalid,
			`Can't promote web to staging: "` + strings.ReplaceAll(strings.ReplaceAll(string(v), `\`, `\\`), `"`, `\"`) +
				`" contains "` + strings.ReplaceAll(strings.ReplaceAll(string(c), `\`, `\\`), `"`, `\"`) +
				`". A version must be one token without whitespace, control characters or any of ` + yamlChars + "."}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gateOutcome(t, CheckVersionPolicy(tt.svc, tt.env, tt.v))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
