package github

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"
)

// networkReason names, in a few words, why no answer came: a timeout, a
// refused or reset connection, an unknown host, or "no answer".
func networkReason(err error) string {
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.As(err, &dns):
		return "unknown host " + dns.Name
	}
	return "no answer"
}

// statusWords is the status code, or why there was none.
func statusWords(status int, err error) string {
	if status == 0 {
		return networkReason(err)
	}
	return fmt.Sprint(status)
}

// waitWords says how long a rate-limited answer asks deploybot to wait:
// its Retry-After, the quota's reset time, or "a few minutes".
func waitWords(resp *http.Response) string {
	if d, ok := retryAfterHeader(resp); ok && d > 0 {
		return d.Round(time.Second).String()
	}
	if d, ok := resetHeader(resp); ok && d > 0 {
		return d.Round(time.Second).String()
	}
	return "a few minutes"
}
