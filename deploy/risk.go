package deploy

import (
	"fmt"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/deploybot/deploybot/deploy/config"
)

// RiskLevel is how risky a promotion looks.
type RiskLevel string

// Risk levels, in increasing order.
const (
	RiskLow    RiskLevel = "Low"
	RiskMedium RiskLevel = "Medium"
	RiskHigh   RiskLevel = "High"
)

// Commit counts above which a promotion is riskier: more than
// riskManyCommits is Medium, more than riskLotsCommits is High.
const (
	riskManyCommits = 10
	riskLotsCommits = 50
)

// Risk is a promotion's risk level and the reasons behind it.
type Risk struct {
	Level   RiskLevel
	Reasons []string
}

// String renders the risk as the announcement shows it:
// "Low — patch release, 3 commits".
func (r Risk) String() string {
	if len(r.Reasons) == 0 {
		return string(r.Level)
	}
	return string(r.Level) + " — " + strings.Join(r.Reasons, ", ")
}

// RiskInput is what AssessRisk judges.
type RiskInput struct {
	Pattern   config.VersionPattern
	From, To  Version
	Changelog *Changelog // nil when the commits between the versions are unknown
	Rollback  bool
}

// AssessRisk rates a version move: for semver a major jump is High, a
// minor one Medium, a patch Low; many commits between the versions raise
// the level (unknown commits are said so); a rollback is noted. It never
// fails.
func AssessRisk(in RiskInput) Risk {
	r := Risk{Level: RiskLow}
	if in.Rollback {
		r.Reasons = append(r.Reasons, "rollback to the version that ran before")
	}
	if in.Pattern == config.PatternSemver {
		level, why := semverJump(in.From, in.To)
		r.raise(level, why)
	}
	switch {
	case in.Changelog == nil:
		r.Reasons = append(r.Reasons, "commits unknown")
	case in.Changelog.Total > riskLotsCommits:
		r.raise(RiskHigh, countNoun(in.Changelog.Total, "commit"))
	case in.Changelog.Total > riskManyCommits:
		r.raise(RiskMedium, countNoun(in.Changelog.Total, "commit"))
	default:
		r.raise(RiskLow, countNoun(in.Changelog.Total, "commit"))
	}
	return r
}

// raise adds why and lifts the level to at least level.
func (r *Risk) raise(level RiskLevel, why string) {
	if why != "" {
		r.Reasons = append(r.Reasons, why)
	}
	if riskRank(level) > riskRank(r.Level) {
		r.Level = level
	}
}

// riskRank orders levels.
func riskRank(l RiskLevel) int {
	switch l {
	case RiskHigh:
		return 2
	case RiskMedium:
		return 1
	}
	return 0
}

// semverJump rates the move between two semantic versions; two versions
// that do not parse are Medium ("not comparable").
func semverJump(from, to Version) (RiskLevel, string) {
	a, errA := semver.NewVersion(strings.TrimPrefix(string(from), "v"))
	b, errB := semver.NewVersion(strings.TrimPrefix(string(to), "v"))
	switch {
	case from == "":
		return RiskMedium, "no previous version known"
	case errA != nil || errB != nil:
		return RiskMedium, "versions not comparable"
	case b.LessThan(a):
		return RiskMedium, fmt.Sprintf("downgrade from %s", from)
	case a.Major() != b.Major():
		return RiskHigh, "major release"
	case a.Minor() != b.Minor():
		return RiskMedium, "minor release"
	case a.Patch() != b.Patch():
		return RiskLow, "patch release"
	case b.Prerelease() != "":
		return RiskMedium, "pre-release"
	}
	return RiskLow, "same release"
}
