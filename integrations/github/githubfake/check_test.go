package githubfake

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeReporter collects ReportViolations' failures.
type fakeReporter struct{ errs []string }

func (*fakeReporter) Helper() {}

func (f *fakeReporter) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

// TestCheckHook checks that Options.Check sees each exchange as written and
// that its errors become violations.
func TestCheckHook(t *testing.T) {
	type seen struct{ Method, Path, ReqBody, RespBody string }
	var (
		mu  sync.Mutex
		got []seen
	)
	check := func(req *http.Request, resp *http.Response) error {
		rb, _ := io.ReadAll(req.Body)
		b, _ := io.ReadAll(resp.Body)
		mu.Lock()
		got = append(got, seen{req.Method, req.URL.Path, string(rb), string(b)})
		mu.Unlock()
		if resp.StatusCode != http.StatusOK {
			return errors.New(req.Method + " " + req.URL.Path + ": status " + resp.Status)
		}
		if resp.Header.Get("X-RateLimit-Limit") == "" {
			return errors.New("no rate-limit headers captured")
		}
		return nil
	}
	srv, err := New(Options{Dir: t.TempDir(), Check: check})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/api/v3/user", "/nope"} {
		resp, err := srv.Client().Post(srv.URL()+p, "application/json", strings.NewReader(`{"a":1}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	srv.Close() // waits for the handlers, and so for Check, to finish
	want := []seen{
		{"POST", "/user", `{"a":1}`, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`},
		{"POST", "/nope", `{"a":1}`, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("exchanges seen by Check (-want +got):\n%s", d)
	}
	if n := len(srv.Violations()); n != 2 {
		t.Fatalf("Violations() has %d errors, want 2", n)
	}
	var r fakeReporter
	srv.ReportViolations(&r)
	if len(r.errs) != 2 || !strings.Contains(r.errs[0], "POST /user: status 404") {
		t.Errorf("ReportViolations reported %q, want the two violations", r.errs)
	}
	if n := len(srv.Violations()); n != 0 {
		t.Errorf("Violations() after ReportViolations has %d errors, want none", n)
	}
}
