package github

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// safePosts are the POST endpoints (by path suffix) that may be repeated
// after a 5xx: Git objects are content-addressed, creating an existing ref
// answers 422 (which OpenChange handles), adding labels and requesting
// reviewers are idempotent, and an extra installation token is harmless.
// Creating a pull request is not among them: after a failure OpenChange
// looks for the pull request first.
var safePosts = []string{"/git/blobs", "/git/trees", "/git/commits", "/git/refs", "/labels", "/requested_reviewers", "/access_tokens"}

// safeToRepeat reports whether req may be sent again after a 5xx or a
// network error, when the first attempt may have taken effect. The PATCH
// and DELETE requests deploybot sends (close a pull request, delete or
// force-move a ref) are idempotent; merging (PUT …/merge) is not retried
// here: Merge checks the pull request first.
func safeToRepeat(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodDelete, http.MethodPatch:
		return true
	case http.MethodPut:
		return !strings.HasSuffix(req.URL.Path, "/merge")
	case http.MethodPost:
		for _, suffix := range safePosts {
			if strings.HasSuffix(req.URL.Path, suffix) {
				return true
			}
		}
	}
	return false
}

// rewindable reports whether req's body can be sent again.
func rewindable(req *http.Request) bool { return req.Body == nil || req.GetBody != nil }

// rewind returns req for the first attempt, and a copy with a fresh body
// for later ones.
func rewind(req *http.Request, attempt int) (*http.Request, error) {
	if attempt == 1 || req.Body == nil {
		return req, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = body
	return r, nil
}

// isRateLimited reports a 429, or a 403 that is a rate limit rather than a
// missing permission: GitHub's secondary-rate-limit message, or the
// primary quota used up (X-RateLimit-Remaining: 0). It peeks at the body
// and leaves it readable.
func isRateLimited(resp *http.Response) bool {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode != http.StatusForbidden:
		return false
	case resp.Header.Get("X-RateLimit-Remaining") == "0":
		return true
	}
	body := peek(resp, 64<<10)
	return bytes.Contains(body, []byte("secondary rate limit")) || bytes.Contains(body, []byte("secondary-rate-limits")) ||
		bytes.Contains(body, []byte("abuse-rate-limits")) || bytes.Contains(body, []byte("abuse detection"))
}

// peek returns up to n bytes of resp's body and puts them back.
func peek(resp *http.Response, n int64) []byte {
	if resp.Body == nil {
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, n))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), resp.Body), resp.Body}
	return data
}

// retryAfterHeader reads Retry-After in seconds or as an HTTP date.
func retryAfterHeader(resp *http.Response) (time.Duration, bool) {
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// resetHeader reads X-RateLimit-Reset (epoch seconds) when the quota is
// used up.
func resetHeader(resp *http.Response) (time.Duration, bool) {
	if resp.Header.Get("X-RateLimit-Remaining") != "0" {
		return 0, false
	}
	secs, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return 0, false
	}
	return max(time.Until(time.Unix(secs, 0))+time.Second, 0), true
}

// discard drains and closes a response that will not be used, so the
// connection can be reused.
func discard(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
}
