// Package standins starts the three in-process stand-ins (GitHub, Argo CD
// and Slack) seeded for the testdrive and the end-to-end tests: the GitOps
// repository acme/gitops from testdrive-data/repo, the application
// repository acme/api with a few merged pull requests, four Argo CD
// Applications that follow the GitOps repository, two Slack users and the
// platform-leads user group, and a deploybot.yaml pointing at all of them.
//
// The stand-ins are the real protocols on 127.0.0.1, so the real serve
// wiring (or any client) talks to them unchanged.
package standins
