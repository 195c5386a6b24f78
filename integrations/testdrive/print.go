package testdrive

import (
	"fmt"
	"io"
	"strings"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/integrations/standins"
)

// numbered is a button a person can press by number in --interactive.
type numbered struct {
	msg slackfake.Message
	btn slackfake.Button
}

// buttons lists the channel's buttons, message after message, in the
// order the transcript shows them.
func (d *Drive) buttons() []numbered {
	var out []numbered
	for _, m := range d.Announcements() {
		for _, b := range m.Buttons {
			if b.URL == "" {
				out = append(out, numbered{msg: m, btn: b})
			}
		}
	}
	return out
}

// printChannel writes the Slack transcript, as a person reads it, and
// the buttons numbered.
func (d *Drive) printChannel(w io.Writer) {
	fmt.Fprintln(w, d.SI.Slack.Transcript())
	bs := d.buttons()
	if len(bs) == 0 {
		return
	}
	fmt.Fprintln(w, "Buttons:")
	for i, b := range bs {
		fmt.Fprintf(w, "  %d  [ %s ]  on %q\n", i+1, b.btn.Text, firstLine(b.msg))
	}
}

// firstLine is a message's header, for the button legend.
func firstLine(m slackfake.Message) string {
	s := slackfake.RenderBlocks(m.Blocks)
	if s == "" {
		s = m.Text
	}
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// printPRs writes every pull request of the GitOps repository: number,
// title, state, labels and the diff of its commit.
func (d *Drive) printPRs(w io.Writer) error {
	title := "Pull requests in " + standins.GitOpsRepo
	fmt.Fprintf(w, "%s\n%s\n", title, strings.Repeat("═", len([]rune(title))))
	for _, p := range d.PRs() {
		state := p.State
		if p.Merged {
			state = fmt.Sprintf("merged by %s as %.7s", p.MergedBy, p.MergeCommitSHA)
		}
		fmt.Fprintf(w, "\n#%d  %s\n    %s · %s → %s · labels: %s\n", p.Number, p.Title, state, p.Head, p.Base,
			strings.Join(p.Labels, ", "))
		diff, err := d.SI.PRDiff(p.Number)
		if err != nil {
			return err
		}
		for _, l := range strings.Split(strings.TrimRight(diff, "\n"), "\n") {
			fmt.Fprintln(w, "    "+l)
		}
	}
	return nil
}
