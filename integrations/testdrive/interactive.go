package testdrive

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// settle is how long the interactive testdrive waits for the bot's answer
// before it prints the channel again.
const settle = 2 * time.Second

const interactiveHelp = `Type one of:
  maria: /promote api v9.1.1 prod     a slash command as maria (or sam)
  sam: /promote status
  click N                             press button N of the channel
  show                                print the channel and the pull requests
  quit
web-production's next rollout is scripted to turn Degraded (try /promote web 3.1 prod).`

// interactive reads commands from stdin until quit, end of input or ctx
// is done, and prints the channel after each.
func (d *Drive) interactive(ctx context.Context, w io.Writer, stdin io.Reader) error {
	if err := d.DegradeNext("web-production"); err != nil {
		return err
	}
	fmt.Fprintf(w, "deploybot testdrive --interactive (watch window compressed: 30m → %s)\n%s\n> ", Watch, interactiveHelp)
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok || strings.TrimSpace(line) == "quit" {
				return nil
			}
			if err := d.do(ctx, w, strings.TrimSpace(line)); err != nil {
				fmt.Fprintf(w, "%s\n", err)
			}
			fmt.Fprint(w, "> ")
		}
	}
}

// do runs one interactive command.
func (d *Drive) do(ctx context.Context, w io.Writer, line string) error {
	switch {
	case line == "":
		return nil
	case line == "show":
		d.printChannel(w)
		return d.printPRs(w)
	case line == "help":
		fmt.Fprintln(w, interactiveHelp)
		return nil
	case strings.HasPrefix(line, "click "):
		return d.clickNumber(ctx, w, strings.TrimSpace(strings.TrimPrefix(line, "click ")))
	}
	person, cmd, ok := strings.Cut(line, ":")
	if !ok {
		return fmt.Errorf("say who: maria: /promote … or sam: /promote … (or help)")
	}
	before := d.fingerprint()
	if _, err := d.Slash(strings.TrimSpace(person), cmd); err != nil {
		return err
	}
	d.settle(ctx, before, w)
	return nil
}

// clickNumber presses button n (as numbered by printChannel) as the
// person named after it ("click 2 sam"), by default sam for Approve and
// maria otherwise.
func (d *Drive) clickNumber(ctx context.Context, w io.Writer, arg string) error {
	num, who, _ := strings.Cut(arg, " ")
	n, err := strconv.Atoi(num)
	bs := d.buttons()
	if err != nil || n < 1 || n > len(bs) {
		return fmt.Errorf("no button %q: there are %d (type show)", num, len(bs))
	}
	b := bs[n-1]
	if who = strings.TrimSpace(who); who == "" {
		who = "maria"
		if b.btn.ActionID == "approve" {
			who = "sam"
		}
	}
	if _, ok := People[who]; !ok {
		return fmt.Errorf("unknown person %q (maria or sam)", who)
	}
	before := d.fingerprint()
	fmt.Fprintf(w, "%s clicks [ %s ]\n", who, b.btn.Text)
	d.Click(who, b.msg, b.btn)
	d.settle(ctx, before, w)
	return nil
}

// fingerprint changes whenever the Slack stand-in records a message or an
// edit.
func (d *Drive) fingerprint() string {
	var b strings.Builder
	for _, m := range d.SI.Slack.AllMessages() {
		fmt.Fprintf(&b, "%s/%d;", m.TS, m.Updates)
	}
	return b.String()
}

// settle waits up to settle for the channel to change, then prints it.
func (d *Drive) settle(ctx context.Context, before string, w io.Writer) {
	_ = Within(ctx, "an answer", settle, func() bool { return d.fingerprint() != before })
	d.printChannel(w)
}
