// Package metrics holds deploybot's Prometheus metrics: promotions by
// environment and outcome, running watches, the duration from request to
// healthy, the Slack ack latency, and the calls and errors of GitHub,
// Argo CD and Slack. It provides the decorators that feed them: a counting
// http.RoundTripper, a counting deploy.Cluster and a deploy.Notifier that
// counts outcomes. Metrics live in their own registry, so several servers
// can run in one process (tests, testdrive).
package metrics
