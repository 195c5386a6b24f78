package github

import (
	"fmt"
	"net/http"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
)

// statusWords is the status code, or why there was none.
func statusWords(status int, err error) string {
	if status == 0 {
		return fault.NetworkReason(err)
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
