package githubfake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	docURL         = "https://docs.github.com/rest"
	rateLimit      = 5000
	msgNotAccess   = "Resource not accessible by integration"
	msgNotFound    = "Not Found"
	msgValidation  = "Validation Failed"
	msgBadJSON     = "Problems parsing JSON"
	mediaTypeRaw   = "application/vnd.github.raw"
	mediaTypeRawV3 = "application/vnd.github.v3.raw"
)

// apiError is an error answer: status plus GitHub's JSON error body.
type apiError struct {
	status int
	msg    string
	errors []any
}

// Error formats the status and message.
func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.status, e.msg) }

func errNotFoundAPI() *apiError { return &apiError{status: http.StatusNotFound, msg: msgNotFound} }

func errForbidden() *apiError { return &apiError{status: http.StatusForbidden, msg: msgNotAccess} }

func errUnprocessable(msg string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, msg: msg}
}

func errValidation(errs ...any) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, msg: msgValidation, errors: errs}
}

func errBadJSON() *apiError { return &apiError{status: http.StatusBadRequest, msg: msgBadJSON} }

// writeAPIError writes e as GitHub does: {"message", "errors",
// "documentation_url", "status"}.
func (s *Server) writeAPIError(w http.ResponseWriter, e *apiError) {
	body := wireErrorBody{Message: e.msg, Errors: e.errors, DocumentationURL: docURL,
		Status: strconv.Itoa(e.status)}
	if e.status >= 500 {
		s.logger.Error("internal error", "err", e.msg)
	}
	b, _ := json.Marshal(body)
	s.commonHeaders(w, true)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(e.status)
	_, _ = w.Write(b)
}

// writeJSON writes v with status. A GET answered 200 carries a weak ETag
// computed from the body; a matching If-None-Match gets 304 Not Modified with
// no body, which does not count against the rate limit (as on GitHub).
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.writeAPIError(w, &apiError{status: http.StatusInternalServerError, msg: err.Error()})
		return
	}
	s.writeBody(w, r, status, "application/json; charset=utf-8", b)
}

// writeList answers 200 with items rendered one by one as a JSON array ([]
// when there are none), or 500 when one does not render. It is a function,
// not a method, because methods cannot have type parameters.
func writeList[T, W any](s *Server, w http.ResponseWriter, r *http.Request, items []T, render func(T) (W, error)) {
	out := []W{}
	for _, it := range items {
		v, err := render(it)
		if err != nil {
			s.writeAPIError(w, internal(err))
			return
		}
		out = append(out, v)
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) writeBody(w http.ResponseWriter, r *http.Request, status int, ctype string, b []byte) {
	sum := sha256.Sum256(b)
	s.writeTagged(w, r, status, ctype, b, `W/"`+hex.EncodeToString(sum[:])+`"`)
}

// writeTagged is writeBody with a given ETag.
func (s *Server) writeTagged(w http.ResponseWriter, r *http.Request, status int, ctype string, b []byte, etag string) {
	if r.Method == http.MethodGet && status == http.StatusOK {
		w.Header().Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			s.commonHeaders(w, false)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.commonHeaders(w, true)
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// noContent answers 204.
func (s *Server) noContent(w http.ResponseWriter) {
	s.commonHeaders(w, true)
	w.WriteHeader(http.StatusNoContent)
}

// etagMatches compares If-None-Match (a list, "*", weak or strong) with etag.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// commonHeaders sets the rate-limit and API headers GitHub sends on every
// answer; count says whether the answer uses the rate limit. The primary
// limit is never exhausted (remaining stays >= 1); inject a Fault with an
// X-RateLimit-Remaining: 0 header to simulate that.
func (s *Server) commonHeaders(w http.ResponseWriter, count bool) {
	if count {
		s.rateUsed++
	}
	// Real time, not the Clock: clients compare the reset with their own
	// clock, and reading the Clock here would shift commit timestamps.
	reset := time.Now().Truncate(time.Hour).Add(time.Hour)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(rateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(rateLimit-s.rateUsed, 1)))
	h.Set("X-RateLimit-Used", strconv.Itoa(s.rateUsed))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("FAKE:%d", s.rateUsed))
}

// decodeJSON decodes the request body into v; a malformed body is 400
// "Problems parsing JSON".
func decodeJSON(r *http.Request, v any) *apiError {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		return errBadJSON()
	}
	return nil
}

// page picks the slice bounds for ?page=&per_page= (default 30, at most
// 100) out of n items and sets GitHub's Link header.
func (s *Server) page(w http.ResponseWriter, r *http.Request, n int) (lo, hi int) {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	per = min(per, 100)
	p, _ := strconv.Atoi(q.Get("page"))
	p = max(p, 1)
	last := max((n+per-1)/per, 1)
	var links []string
	link := func(page int, rel string) {
		q.Set("page", strconv.Itoa(page))
		q.Set("per_page", strconv.Itoa(per))
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		links = append(links, fmt.Sprintf(`<%s%s>; rel="%s"`, s.srv.URL, u.String(), rel))
	}
	if p < last {
		link(p+1, "next")
		link(last, "last")
	}
	if p > 1 {
		link(1, "first")
		link(p-1, "prev")
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo = min((p-1)*per, n)
	return lo, min(lo+per, n)
}

// wantsRaw reports whether the Accept header asks for raw content.
func wantsRaw(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return strings.Contains(a, mediaTypeRaw) || strings.Contains(a, mediaTypeRawV3)
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func tsPtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := ts(t)
	return &v
}
