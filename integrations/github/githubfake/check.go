package githubfake

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// recorder remembers the status a handler wrote and, when capture is set,
// the headers and body too.
type recorder struct {
	http.ResponseWriter
	status  int
	capture bool
	wrote   bool
	header  http.Header
	body    bytes.Buffer
	reqBody []byte
	fault   bool // the answer is an injected Fault
	// onHeader, when set, is told the status as it goes out, before the
	// client can have read the answer.
	onHeader func(code int)
}

// FaultHeader marks, in the answer handed to Options.Check (never on the
// wire), an answer written by an injected [Fault]: its status is the test's
// choice, so a checker should hold only its body and headers to GitHub's
// error format.
const FaultHeader = "X-Githubfake-Fault"

// WriteHeader records code (and the headers as sent) and passes it on.
func (r *recorder) WriteHeader(code int) {
	if r.wrote {
		return
	}
	r.wrote = true
	r.status = code
	if r.capture {
		r.header = r.ResponseWriter.Header().Clone()
	}
	if r.onHeader != nil {
		r.onHeader(code)
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records the body when capturing and passes it on.
func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.WriteHeader(http.StatusOK)
	}
	if r.capture {
		r.body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}

// readAgain reads body whole and returns its bytes and a reader of them.
func readAgain(body io.ReadCloser) ([]byte, io.ReadCloser) {
	var b []byte
	if body != nil {
		b, _ = io.ReadAll(body)
		body.Close()
	}
	return b, io.NopCloser(bytes.NewReader(b))
}

// checkExchange passes the answered exchange to Options.Check and records
// a violation. It runs after the answer is written, so a client may see the
// answer first; Close waits for it. An answer the client gave up on
// (nothing written) is not checked.
func (s *Server) checkExchange(r *http.Request, rw *recorder) {
	if !rw.wrote {
		return
	}
	req := r.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(rw.reqBody))
	if rw.fault {
		rw.header.Set(FaultHeader, "1")
	}
	resp := &http.Response{StatusCode: rw.status, Status: fmt.Sprintf("%d %s", rw.status, http.StatusText(rw.status)),
		Header: rw.header, Request: req, ProtoMajor: 1, ProtoMinor: 1,
		Body: io.NopCloser(bytes.NewReader(rw.body.Bytes()))}
	if err := s.check(req, resp); err != nil {
		s.mu.Lock()
		s.violations = append(s.violations, err)
		s.mu.Unlock()
	}
}

// Violations returns what Options.Check found wrong so far, oldest first:
// each error names the method, the path and what departs from the
// description. Tests report them at cleanup; see [Server.ReportViolations].
func (s *Server) Violations() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.violations...)
}

// Reporter is the part of testing.TB that ReportViolations needs.
type Reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// ReportViolations fails t once per violation recorded so far and forgets
// them. Register it with t.Cleanup before the cleanup that closes the
// server, so that it runs after Close, once every request has been answered.
func (s *Server) ReportViolations(t Reporter) {
	t.Helper()
	s.mu.Lock()
	vs := s.violations
	s.violations = nil
	s.mu.Unlock()
	for _, v := range vs {
		t.Errorf("githubfake: exchange departs from GitHub's REST description: %v", v)
	}
}
