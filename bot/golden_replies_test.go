package bot

import (
	"testing"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
)

// TestRepliesGolden pins the ephemeral replies and the announcements at
// their extremes: the /rollback picker with 0, 1, 2 and more than the
// most candidates, /promote status and help for 500 services × 4
// environments, and announcements with the longest names, versions,
// reasons and lists.
func TestRepliesGolden(t *testing.T) {
	p7, p8 := failedPromotion(), plannedPromotion()
	p7.ID, p8.ID, p8.State = "p7", "p8", deploy.StateWatching
	extreme := extremeViews(t)
	table, inflight := extremeStatus()
	cfg := extremeConfig(t)
	picker := func(recent ...deploy.Promotion) func() (string, []slack.Block) {
		return func() (string, []slack.Block) { return rollbackPicker(recent) }
	}
	announcement := func(key string) func() (string, []slack.Block) {
		return func() (string, []slack.Block) {
			a := render(extreme[key])
			return a.Text, a.Blocks
		}
	}
	replies := map[string]func() (string, []slack.Block){
		"rollback_picker_0":           picker(),
		"rollback_picker_1":           picker(p7),
		"rollback_picker_2":           picker(p7, p8),
		"rollback_picker_max_extreme": picker(candidates(maxPickerCandidates + 2)...),
		"status_500x4":                func() (string, []slack.Block) { return statusReply(table, inflight, ""), nil },
		"help_500x4":                  func() (string, []slack.Block) { return helpText(cfg), nil },
		"extreme_one_failed":          announcement("one/failed"),
		"extreme_one_planned":         announcement("one/pr_open"),
		"extreme_one_rolled_back":     announcement("one/rolled_back_with_rollback"),
		"extreme_all_planned":         announcement("all/pr_open"),
		"extreme_all_cancelled":       announcement("all/cancelled"),
		"extreme_rollback_complete":   announcement("rollback/watching"),
	}
	for name, build := range replies {
		t.Run(name, func(t *testing.T) {
			text, bs := build()
			compareGolden(t, name, text, bs)
		})
	}
}
