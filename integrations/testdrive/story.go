package testdrive

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
)

// StepTimeout bounds every step of the story; a compressed rollout takes
// a few seconds.
const StepTimeout = 20 * time.Second

// Story plays the testdrive's script against a running Drive, logging
// each step to Log with the time since Start. The end-to-end tests play
// its steps one by one.
type Story struct {
	D     *Drive
	Log   io.Writer
	Start time.Time
}

// say logs one step.
func (s *Story) say(format string, args ...any) {
	fmt.Fprintf(s.Log, "%5.1fs  %s\n", time.Since(s.Start).Seconds(), fmt.Sprintf(format, args...))
}

// Run plays the whole script: a promotion that succeeds, then one that
// degrades and is rolled back. It returns the first step that did not
// happen in time.
func (s *Story) Run(ctx context.Context) error {
	api, err := s.Promote(ctx, "maria", "/promote api v9.1.1 prod", 1)
	if err != nil {
		return err
	}
	if err := s.ApproveAndWait(ctx, api, 1, "Production Deployment Complete", "api-production", "Healthy"); err != nil {
		return err
	}
	if err := s.D.DegradeNext("web-production"); err != nil {
		return err
	}
	s.say("argo cd: web-production's next rollout is scripted to turn Degraded")
	web, err := s.Promote(ctx, "maria", "/promote web 3.1 prod", 2)
	if err != nil {
		return err
	}
	if err := s.ApproveAndWait(ctx, web, 2, "Production Deployment Failed", "web-production", "Degraded"); err != nil {
		return err
	}
	if err := s.Rollback(ctx, web, 3); err != nil {
		return err
	}
	return s.WindowEnds(ctx, api)
}

// Promote runs line as person and waits for the planned announcement with
// its Approve button and for pull request n.
func (s *Story) Promote(ctx context.Context, person, line string, n int) (slackfake.Message, error) {
	before := len(s.D.Announcements())
	s.say("%s: %s", person, line)
	if _, err := s.D.Slash(person, line); err != nil {
		return slackfake.Message{}, err
	}
	m, err := s.D.NewAnnouncement(ctx, "the planned announcement for "+line, before, StepTimeout)
	if err != nil {
		return m, err
	}
	err = Within(ctx, "the Approve button and pull request #"+fmt.Sprint(n), StepTimeout, func() bool {
		_, ok := Button(s.D.Message(m.TS), "approve")
		_, open := s.D.PR(n)
		return ok && open
	})
	if err != nil {
		return m, err
	}
	p, _ := s.D.PR(n)
	s.say("slack: 🚀 planned, with Approve · github: PR #%d %q", p.Number, p.Title)
	return s.D.Message(m.TS), nil
}

// ApproveAndWait has sam click Approve on m and waits for pull request n
// to merge, app to reach health and the announcement to show header with
// its Rollback button.
func (s *Story) ApproveAndWait(ctx context.Context, m slackfake.Message, n int, header, app, health string) error {
	b, _ := Button(m, "approve")
	s.say("sam clicks [%s]", b.Text)
	s.D.Click("sam", m, b)
	if err := Within(ctx, fmt.Sprintf("the merge of pull request #%d after the approval", n), StepTimeout,
		func() bool { return s.D.Merged(n) }); err != nil {
		return err
	}
	p, _ := s.D.PR(n)
	s.say("github: PR #%d merged (%.7s)", p.Number, p.MergeCommitSHA)
	if err := Within(ctx, fmt.Sprintf("argo cd: %s synced and %s", app, health), StepTimeout,
		func() bool { return s.D.AppAt(app, health) }); err != nil {
		return err
	}
	s.say("argo cd: %s synced, %s", app, health)
	err := Within(ctx, fmt.Sprintf("the announcement %q with its Rollback button", header), StepTimeout, func() bool {
		cur := s.D.Message(m.TS)
		_, ok := Button(cur, "rollback")
		return ok && Shows(cur, header)
	})
	if err == nil {
		s.say("slack: %s, with Rollback", header)
	}
	return err
}

// Rollback has maria click Rollback on m and waits for the revert (pull
// request n) to merge, web-production to recover and the rollback to be
// announced complete.
func (s *Story) Rollback(ctx context.Context, m slackfake.Message, n int) error {
	b, _ := Button(s.D.Message(m.TS), "rollback")
	s.say("maria clicks [%s]", b.Text)
	s.D.Click("maria", s.D.Message(m.TS), b)
	if err := Within(ctx, fmt.Sprintf("the merge of the revert, pull request #%d", n), StepTimeout,
		func() bool { return s.D.Merged(n) }); err != nil {
		return err
	}
	p, _ := s.D.PR(n)
	s.say("github: PR #%d %q merged", p.Number, p.Title)
	if err := Within(ctx, "argo cd: web-production back to Healthy", StepTimeout,
		func() bool { return s.D.AppAt("web-production", "Healthy") }); err != nil {
		return err
	}
	s.say("argo cd: web-production synced, Healthy")
	err := Within(ctx, `the announcement "Production Rollback Complete"`, StepTimeout, func() bool {
		for _, a := range s.D.Announcements() {
			if Shows(a, "Production Rollback Complete") {
				return true
			}
		}
		return false
	})
	if err == nil {
		s.say("slack: ↩️ Production Rollback Complete")
	}
	return err
}

// WindowEnds waits for api's (compressed) watch window to end healthy.
func (s *Story) WindowEnds(ctx context.Context, api slackfake.Message) error {
	err := Within(ctx, "the end of api's watch window", 2*StepTimeout,
		func() bool { return s.D.ThreadShows(api.TS, "Watch window ended") })
	if err == nil {
		s.say("slack: api's watch window ended healthy")
	}
	return err
}
