package deploy

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Marks in the text rendering of a StatusTable.
const (
	statusDiffers = " *" // after a version that differs from its upstream's
	statusMissing = "—"  // instead of a version that can't be read
)

// Text renders the table as aligned columns of plain text: a header line,
// one line per service, a legend when a version differs from its upstream
// environment's (marked "*"), and a numbered note for every cell that
// can't be read (shown as "— [n]"). It never fails.
func (t StatusTable) Text() string {
	grid := [][]string{append([]string{"service"}, t.Envs...)}
	var notes []string
	differs := false
	for _, row := range t.Rows {
		line := []string{row.Service}
		for j, cell := range row.Cells {
			switch {
			case cell.Err != "":
				notes = append(notes, fmt.Sprintf("[%d] %s in %s: %s", len(notes)+1, row.Service, envAt(t.Envs, j), cell.Err))
				line = append(line, fmt.Sprintf("%s [%d]", statusMissing, len(notes)))
			case cell.DiffersFromUpstream:
				differs = true
				line = append(line, string(cell.Version)+statusDiffers)
			default:
				line = append(line, string(cell.Version))
			}
		}
		grid = append(grid, line)
	}
	var b strings.Builder
	writeColumns(&b, grid)
	if differs {
		b.WriteString("\n*  differs from the version in the environment it comes after\n")
	}
	if len(notes) > 0 {
		b.WriteString("\n" + strings.Join(notes, "\n") + "\n")
	}
	return b.String()
}

// envAt returns envs[i], or "?" past its end.
func envAt(envs []string, i int) string {
	if i < len(envs) {
		return envs[i]
	}
	return "?"
}

// writeColumns writes grid with every column padded to its widest cell
// (counting runes) plus two spaces, and no trailing spaces.
func writeColumns(b *strings.Builder, grid [][]string) {
	var widths []int
	for _, line := range grid {
		for j, cell := range line {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(cell))
		}
	}
	for _, line := range grid {
		var l strings.Builder
		for j, cell := range line {
			l.WriteString(cell)
			if j < len(line)-1 {
				l.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(cell)+2))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
}
