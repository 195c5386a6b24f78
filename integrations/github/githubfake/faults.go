package githubfake

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

const (
	msgSecondaryRate = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
		"If you reach out to GitHub Support for help, please include the request ID FAKE."
	docSecondaryRate = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)

// Fault makes matching requests fail before they reach the API, e.g.
//
//	srv.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/pulls", Status: 403, RetryAfter: time.Second})
type Fault struct {
	// Method matches the request method; empty matches any. Path may also
	// start with the method ("POST /repos/...").
	Method string
	// Path matches the API path (without the /api/v3 prefix) segment by
	// segment: a segment is a path.Match pattern ("*" is one segment), and a
	// final "**" matches any remainder. Empty matches every path.
	Path string
	// Status is the answer's status code: 403 and 429 default to GitHub's
	// secondary-rate-limit body (which go-github turns into an
	// *AbuseRateLimitError for 403); others to {"message": Message}.
	Status int
	// Message overrides the body's message.
	Message string
	// RetryAfter, when positive, is sent as Retry-After in whole seconds.
	RetryAfter time.Duration
	// Header adds headers, e.g. X-RateLimit-Remaining: 0 for a primary
	// rate limit. Fault answers carry no X-RateLimit-Reset unless set here
	// (go-github would otherwise wait until that time).
	Header http.Header
	// Times is how many matching requests fail: 0 means once, negative
	// means every one until ClearFaults.
	Times int
	// Delay, when positive, holds the answer back this long (or until the
	// client gives up), so a client timeout can be tested. With Status 0
	// the request then goes on to the API as usual.
	Delay time.Duration
}

type faultState struct {
	Fault
	method, path string
	left         int
}

// Inject adds a fault; faults are tried in the order injected.
func (s *Server) Inject(f Fault) {
	st := &faultState{Fault: f, method: strings.ToUpper(f.Method), path: f.Path, left: f.Times}
	if m, p, ok := strings.Cut(f.Path, " "); ok {
		st.method, st.path = strings.ToUpper(m), strings.TrimSpace(p)
	}
	if st.left == 0 {
		st.left = 1
	}
	s.lock()
	defer s.unlock()
	s.faults = append(s.faults, st)
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.lock()
	defer s.unlock()
	s.faults = nil
}

// takeFault returns the first live fault matching the request and uses one of
// its Times.
func (s *Server) takeFault(method, p string) *Fault {
	s.lock()
	defer s.unlock()
	for i, f := range s.faults {
		if (f.method != "" && f.method != method) || !matchPath(f.path, p) {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		out := f.Fault
		return &out
	}
	return nil
}

func (s *Server) writeFault(w http.ResponseWriter, f *Fault) {
	body := wireErrorBody{Message: f.Message, DocumentationURL: docURL, Status: strconv.Itoa(f.Status)}
	if (f.Status == http.StatusForbidden || f.Status == http.StatusTooManyRequests) && f.Message == "" {
		body.Message, body.DocumentationURL = msgSecondaryRate, docSecondaryRate
	}
	if body.Message == "" {
		body.Message = http.StatusText(f.Status)
	}
	s.lock()
	s.commonHeaders(w, true)
	s.unlock()
	w.Header().Del("X-RateLimit-Reset")
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds()))))
	}
	for k, v := range f.Header {
		w.Header()[http.CanonicalHeaderKey(k)] = v
	}
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(f.Status)
	_, _ = w.Write(b)
}

// matchPath matches p against pattern (see Fault.Path).
func matchPath(pattern, p string) bool {
	if pattern == "" {
		return true
	}
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	xs := strings.Split(strings.Trim(p, "/"), "/")
	for i, seg := range ps {
		if seg == "**" && i == len(ps)-1 {
			return true
		}
		if i >= len(xs) {
			return false
		}
		if ok, _ := path.Match(seg, xs[i]); !ok {
			return false
		}
	}
	return len(xs) == len(ps)
}

// Request is one API request the server answered.
type Request struct {
	Method string
	Path   string // without the /api/v3 prefix
	Query  string
	Status int
}

// record logs an answered request. It takes only the log's own lock, so
// it may run while a handler holds the server lock: the answer is logged
// as its status goes out, before the client can read it.
func (s *Server) record(r *http.Request, status int) {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path,
		Query: r.URL.RawQuery, Status: status})
}

// Requests returns the requests answered so far, oldest first.
func (s *Server) Requests() []Request {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests forgets the request log, e.g. after seeding.
func (s *Server) ResetRequests() {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	s.requests = nil
}

// CountRequests counts logged requests matching pattern, written like
// Fault.Path ("POST /repos/acme/gitops/git/**", "GET **", "" for all).
func (s *Server) CountRequests(pattern string) int {
	method, p := "", pattern
	if m, rest, ok := strings.Cut(pattern, " "); ok {
		method, p = strings.ToUpper(m), strings.TrimSpace(rest)
	}
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	n := 0
	for _, r := range s.requests {
		if (method == "" || method == r.Method) && matchPath(p, r.Path) {
			n++
		}
	}
	return n
}

// delay waits d, or until the client gives up on r; it reports whether the
// client is still waiting.
func delay(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	// net/http notices a client that hung up only once the body is read:
	// read it now, and put it back for the API.
	if body, err := io.ReadAll(r.Body); err == nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
