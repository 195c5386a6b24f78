package testdrive

import (
	"fmt"
	"os"
	"strings"
)

// logTailLines is how much of serve's log a failed testdrive shows.
const logTailLines = 25

// WithLogTail adds the last lines of the log at path to err, so a failed
// step comes with what serve was doing. It returns nil for a nil err.
func WithLogTail(err error, path string) error {
	if err == nil {
		return nil
	}
	b, rerr := os.ReadFile(path)
	if rerr != nil || len(b) == 0 {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > logTailLines {
		lines = lines[len(lines)-logTailLines:]
	}
	return fmt.Errorf("%w\n\nthe last lines of serve's log:\n%s", err, strings.Join(lines, "\n"))
}
