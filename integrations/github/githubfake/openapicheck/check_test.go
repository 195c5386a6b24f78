package openapicheck

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rateHeader is the header set GitHub sends on every answer.
func rateHeader() http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "4999")
	h.Set("X-RateLimit-Used", "1")
	h.Set("X-RateLimit-Reset", "1770000000")
	return h
}

const goodRef = `{"ref":"refs/heads/main","node_id":"REF_1","url":"https://api.github.com/repos/o/r/git/refs/heads/main",
"object":{"type":"commit","sha":"aa218f56b14c9653891f9e74264a383fa43fefbd","url":"https://api.github.com/repos/o/r/git/commits/aa218f56b14c9653891f9e74264a383fa43fefbd"}}`

const basicError = `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`

func TestCheck(t *testing.T) {
	tests := []struct {
		name             string
		method, target   string
		reqBody          string
		status           int
		header           func(http.Header)
		respBody         string
		wantErrFragments []string // empty: no violation
	}{
		{name: "OK", method: "GET", target: "/repos/o/r/git/ref/heads/feature/x", status: 200, respBody: goodRef},
		{name: "OKEnterprisePrefix", method: "GET", target: "/api/v3/repos/o/r/git/ref/heads/main", status: 200, respBody: goodRef},
		{name: "OKCreateRef", method: "POST", target: "/repos/o/r/git/refs", status: 201,
			reqBody: `{"ref":"refs/heads/x","sha":"aa218f56b14c9653891f9e74264a383fa43fefbd"}`, respBody: goodRef},
		{name: "OKNotFoundAnywhere", method: "GET", target: "/repos/o/r/git/ref/heads/nope", status: 404, respBody: basicError},
		{name: "ErrUnknownRoute", method: "GET", target: "/repos/o/r/git/reff/heads/main", status: 404, respBody: basicError,
			wantErrFragments: []string{"no such operation"}},
		{name: "ErrMisspeltBodyField", method: "POST", target: "/repos/o/r/git/refs", status: 201,
			reqBody: `{"ref":"refs/heads/x","sha":"aa218f56b14c9653891f9e74264a383fa43fefbd","forse":true}`, respBody: goodRef,
			wantErrFragments: []string{`body field /forse is not in the schema`}},
		{name: "ErrMisspeltQuery", method: "GET", target: "/repos/o/r/git/ref/heads/main?shaa=x", status: 200, respBody: goodRef,
			wantErrFragments: []string{`query parameter "shaa" is not documented`}},
		{name: "ErrMissingRequiredResponseField", method: "GET", target: "/repos/o/r/git/ref/heads/main", status: 200,
			respBody:         `{"ref":"refs/heads/main","url":"u","object":{"type":"commit","sha":"a","url":"u"}}`,
			wantErrFragments: []string{`property "node_id" is missing`}},
		{name: "ErrUndocumentedStatus", method: "POST", target: "/repos/o/r/pulls", status: 409,
			reqBody: `{"title":"t","head":"x","base":"main"}`, respBody: basicError,
			wantErrFragments: []string{"status is not supported"}},
		{name: "OKInjectedFault", method: "POST", target: "/repos/o/r/pulls", status: 409,
			reqBody: `{"title":"t","head":"x","base":"main"}`, respBody: basicError,
			header: func(h http.Header) { h.Set(faultHeader, "1") }},
		{name: "ErrInjectedFaultBody", method: "POST", target: "/repos/o/r/pulls", status: 409,
			reqBody: `{"title":"t","head":"x","base":"main"}`, respBody: `{"error":"conflict"}`,
			header:           func(h http.Header) { h.Set(faultHeader, "1") },
			wantErrFragments: []string{"lacks documentation_url"}},
		{name: "ErrErrorBodyWithoutDocURL", method: "GET", target: "/repos/o/r/git/ref/heads/x", status: 503,
			respBody: `{"message":"down"}`, wantErrFragments: []string{"lacks documentation_url"}},
		{name: "ErrNoRateLimitHeaders", method: "GET", target: "/repos/o/r/git/ref/heads/main", status: 200, respBody: goodRef,
			header:           func(h http.Header) { h.Del("X-RateLimit-Remaining") },
			wantErrFragments: []string{"X-RateLimit-Remaining"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.reqBody))
			if tt.reqBody != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			h := rateHeader()
			if tt.header != nil {
				tt.header(h)
			}
			resp := &http.Response{StatusCode: tt.status, Header: h, Body: io.NopCloser(strings.NewReader(tt.respBody))}
			err := Check(req, resp)
			var missing []string
			for _, f := range tt.wantErrFragments {
				if err == nil || !strings.Contains(err.Error(), f) {
					missing = append(missing, f)
				}
			}
			if len(tt.wantErrFragments) == 0 && err != nil {
				t.Fatalf("Check: %v, want no violation", err)
			}
			if len(missing) > 0 {
				t.Fatalf("Check: %v, want an error containing %q", err, missing)
			}
			if b, _ := io.ReadAll(resp.Body); string(b) != tt.respBody {
				t.Errorf("response body after Check = %q, want it readable again", b)
			}
		})
	}
}

// TestSubset checks that the committed subset holds exactly Operations.
func TestSubset(t *testing.T) {
	sp, err := load()
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for p, item := range sp.doc.Paths.Map() {
		for m := range item.Operations() {
			got = append(got, m+" "+p)
		}
	}
	for _, op := range Operations {
		want = append(want, op.Method+" "+op.Path)
	}
	sort.Strings(got)
	sort.Strings(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("subset operations (-Operations +file):\n%s\nregenerate it with cutsubset", d)
	}
}

func TestFind(t *testing.T) {
	sp, err := load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ method, path, want string }{
		{"GET", "/repos/o/r/commits/abc/pulls", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls"},
		{"GET", "/repos/o/r/commits/release/v1/status", "/repos/{owner}/{repo}/commits/{ref}/status"},
		{"GET", "/repos/o/r/commits/release/v1", "/repos/{owner}/{repo}/commits/{ref}"},
		{"GET", "/repos/o/r/branches/feature/x", "/repos/{owner}/{repo}/branches/{branch}"},
		{"GET", "/repos/o/r/contents/a/b/c.yaml", "/repos/{owner}/{repo}/contents/{path}"},
		{"DELETE", "/repos/o/r/issues/3/labels/deploy", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}"},
	}
	for _, tt := range tests {
		r, _, ok := sp.find(tt.method, tt.path)
		if !ok {
			t.Errorf("find(%s %s): no route, want %s", tt.method, tt.path, tt.want)
			continue
		}
		if r.Path != tt.want {
			t.Errorf("find(%s %s) = %s, want %s", tt.method, tt.path, r.Path, tt.want)
		}
	}
}
