package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
)

// stepTimeout bounds every step of the story; a compressed rollout takes
// a few seconds.
const stepTimeout = 20 * time.Second

// story plays the testdrive's script against a running drive, logging
// each step with the time since the start.
type story struct {
	d     *drive
	log   io.Writer
	start time.Time
}

// say logs one step.
func (s *story) say(format string, args ...any) {
	fmt.Fprintf(s.log, "%5.1fs  %s\n", time.Since(s.start).Seconds(), fmt.Sprintf(format, args...))
}

// run plays the whole script: a promotion that succeeds, then one that
// degrades and is rolled back. It returns the first step that did not
// happen in time.
func (s *story) run(ctx context.Context) error {
	api, err := s.promote(ctx, "maria", "/promote api v9.1.1 prod", 1)
	if err != nil {
		return err
	}
	if err := s.approveAndWait(ctx, api, 1, "Production Deployment Complete", "api-production", "Healthy"); err != nil {
		return err
	}
	if err := s.d.degradeNext("web-production"); err != nil {
		return err
	}
	s.say("argo cd: web-production's next rollout is scripted to turn Degraded")
	web, err := s.promote(ctx, "maria", "/promote web 3.1 prod", 2)
	if err != nil {
		return err
	}
	if err := s.approveAndWait(ctx, web, 2, "Production Deployment Failed", "web-production", "Degraded"); err != nil {
		return err
	}
	if err := s.rollback(ctx, web, 3); err != nil {
		return err
	}
	return s.windowEnds(ctx, api)
}

// promote runs line as person and waits for the planned announcement with
// its Approve button and for pull request n.
func (s *story) promote(ctx context.Context, person, line string, n int) (slackfake.Message, error) {
	before := len(s.d.announcements())
	s.say("%s: %s", person, line)
	if _, err := s.d.slash(person, line); err != nil {
		return slackfake.Message{}, err
	}
	m, err := s.d.newAnnouncement(ctx, "the planned announcement for "+line, before, stepTimeout)
	if err != nil {
		return m, err
	}
	err = within(ctx, "the Approve button and pull request #"+fmt.Sprint(n), stepTimeout, func() bool {
		_, ok := button(s.d.message(m.TS), "approve")
		_, open := s.d.pr(n)
		return ok && open
	})
	if err != nil {
		return m, err
	}
	p, _ := s.d.pr(n)
	s.say("slack: 🚀 planned, with Approve · github: PR #%d %q", p.Number, p.Title)
	return s.d.message(m.TS), nil
}

// approveAndWait has sam click Approve on m and waits for pull request n
// to merge, app to reach health and the announcement to show header with
// its Rollback button.
func (s *story) approveAndWait(ctx context.Context, m slackfake.Message, n int, header, app, health string) error {
	b, _ := button(m, "approve")
	s.say("sam clicks [%s]", b.Text)
	s.d.click("sam", m, b)
	if err := within(ctx, fmt.Sprintf("the merge of pull request #%d after the approval", n), stepTimeout,
		func() bool { return s.d.merged(n) }); err != nil {
		return err
	}
	p, _ := s.d.pr(n)
	s.say("github: PR #%d merged (%.7s)", p.Number, p.MergeCommitSHA)
	if err := within(ctx, fmt.Sprintf("argo cd: %s synced and %s", app, health), stepTimeout,
		func() bool { return s.d.appAt(app, health) }); err != nil {
		return err
	}
	s.say("argo cd: %s synced, %s", app, health)
	err := within(ctx, fmt.Sprintf("the announcement %q with its Rollback button", header), stepTimeout, func() bool {
		cur := s.d.message(m.TS)
		_, ok := button(cur, "rollback")
		return ok && shows(cur, header)
	})
	if err == nil {
		s.say("slack: %s, with Rollback", header)
	}
	return err
}

// rollback has maria click Rollback on m and waits for the revert (pull
// request n) to merge, web-production to recover and the rollback to be
// announced complete.
func (s *story) rollback(ctx context.Context, m slackfake.Message, n int) error {
	b, _ := button(s.d.message(m.TS), "rollback")
	s.say("maria clicks [%s]", b.Text)
	s.d.click("maria", s.d.message(m.TS), b)
	if err := within(ctx, fmt.Sprintf("the merge of the revert, pull request #%d", n), stepTimeout,
		func() bool { return s.d.merged(n) }); err != nil {
		return err
	}
	p, _ := s.d.pr(n)
	s.say("github: PR #%d %q merged", p.Number, p.Title)
	if err := within(ctx, "argo cd: web-production back to Healthy", stepTimeout,
		func() bool { return s.d.appAt("web-production", "Healthy") }); err != nil {
		return err
	}
	s.say("argo cd: web-production synced, Healthy")
	err := within(ctx, `the announcement "Production Rollback Complete"`, stepTimeout, func() bool {
		for _, a := range s.d.announcements() {
			if shows(a, "Production Rollback Complete") {
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

// windowEnds waits for api's (compressed) watch window to end healthy.
func (s *story) windowEnds(ctx context.Context, api slackfake.Message) error {
	err := within(ctx, "the end of api's watch window", 2*stepTimeout,
		func() bool { return s.d.threadShows(api.TS, "Watch window ended") })
	if err == nil {
		s.say("slack: api's watch window ended healthy")
	}
	return err
}
