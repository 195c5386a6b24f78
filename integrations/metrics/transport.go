package metrics

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// Transport counts the requests that pass through it as calls of one
// service. Its operation is the Slack Web API method (chat.postMessage)
// or the GitHub REST resource (pulls, git, contents, …) with the HTTP
// method; its error kinds are network, rate_limited, client_error and
// server_error. It never reads or logs a header or body.
type Transport struct {
	Base    http.RoundTripper // nil: http.DefaultTransport
	Service string
	Metrics *Metrics
}

// RoundTrip sends req through Base and counts it; it returns Base's
// answer unchanged.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	t.Metrics.Call(t.Service, operation(t.Service, req), httpErrorKind(resp, err))
	return resp, err
}

// WrapClient returns a copy of c (or of a default client when c is nil)
// whose transport counts calls of service.
func (m *Metrics) WrapClient(c *http.Client, service string) *http.Client {
	var out http.Client
	if c != nil {
		out = *c
	}
	out.Transport = &Transport{Base: out.Transport, Service: service, Metrics: m}
	return &out
}

// httpErrorKind classifies a response: "" for success.
func httpErrorKind(resp *http.Response, err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case err != nil:
		return "network"
	case resp.StatusCode == http.StatusTooManyRequests,
		resp.StatusCode == http.StatusForbidden && (resp.Header.Get("Retry-After") != "" || resp.Header.Get("X-Ratelimit-Remaining") == "0"):
		return "rate_limited"
	case resp.StatusCode >= 500:
		return "server_error"
	case resp.StatusCode >= 400:
		return "client_error"
	}
	return ""
}

// githubResources are the REST resources below /repos/{owner}/{repo}/
// that get an operation of their own; others count as "other".
var githubResources = map[string]bool{"pulls": true, "git": true, "contents": true, "commits": true,
	"compare": true, "branches": true, "issues": true, "merges": true, "statuses": true, "check-runs": true,
	"tarball": true, "zipball": true, "installations": true}

// operation names a request's operation with a bounded set of values.
func operation(service string, req *http.Request) string {
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	switch service {
	case ServiceSlack:
		for i, p := range parts {
			if p == "api" && i+1 < len(parts) && isSlackMethod(parts[i+1]) {
				return parts[i+1]
			}
		}
		return "other"
	case ServiceGitHub:
		for i, p := range parts {
			if p == "repos" && i+3 < len(parts) && githubResources[parts[i+3]] {
				return req.Method + " " + parts[i+3]
			}
			if p == "app" || p == "installation" {
				return req.Method + " installations"
			}
		}
		return req.Method + " other"
	}
	return req.Method
}

// isSlackMethod reports whether s looks like a Web API method name
// (words of letters joined by dots), so a strange path cannot add series.
func isSlackMethod(s string) bool {
	if s == "" || len(s) > 64 || !strings.Contains(s, ".") || s[0] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if r != '.' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
