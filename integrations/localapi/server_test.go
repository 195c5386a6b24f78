package localapi

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestPromote(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	t.Run("OKAutomation", func(t *testing.T) {
		p, err := a.client(ciToken).Promote(ctx, PromoteRequest{Service: "api", Version: "1.2.3", Env: "stg", Reason: "train"})
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != "p1" || p.Requester != "automation:ci" {
			t.Errorf("promotion %+v, want p1 requested by automation:ci", p)
		}
	})
	t.Run("OKPerson", func(t *testing.T) {
		if _, err := a.client(samToken).Promote(ctx, PromoteRequest{Service: "api", Env: "prod"}); err != nil {
			t.Fatal(err)
		}
	})
	calls, who := a.engine.got()
	if diff := cmp.Diff([]string{"request api 1.2.3 stg train", "request api  prod "}, calls); diff != "" {
		t.Errorf("engine calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]deploy.Person{{ID: "automation:ci"}, {ID: samSlack, GitHubLogin: "sam"}}, who); diff != "" {
		t.Errorf("requesters (-want +got):\n%s", diff)
	}

	refusals := []struct {
		name  string
		token string
		req   PromoteRequest
		code  fault.Code
		msg   string
	}{
		{"ErrAutomationOtherEnv", ciToken, PromoteRequest{Service: "api", Env: "prod"}, fault.CodeUnauthorised, "may act only in staging, not in production"},
		{"ErrNoToken", "", PromoteRequest{Service: "api", Env: "stg"}, fault.CodeUnauthorised, "no credential: set DEPLOYBOT_TOKEN"},
		{"ErrWrongToken", "wrong-token-0123456789", PromoteRequest{Service: "api", Env: "stg"}, fault.CodeUnauthorised, "GitHub does not accept the token"},
		{"ErrNoService", ciToken, PromoteRequest{Env: "stg"}, fault.CodeInvalid, `the request body has no "service"`},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := a.engine.got()
			_, err := a.client(tt.token).Promote(ctx, tt.req)
			wantError(t, err, tt.code, tt.msg)
			if after, _ := a.engine.got(); len(after) != len(before) {
				t.Errorf("the engine was called: %v", after[len(before):])
			}
		})
	}
}

func TestEngineErrorsKeepTheirCode(t *testing.T) {
	a := newAPI(t)
	for _, code := range []fault.Code{fault.CodeBlocked, fault.CodeConflict, fault.CodeUnauthorised, fault.CodeUnavailable, fault.CodeRateLimited, fault.CodeNotFound} {
		t.Run(string(code), func(t *testing.T) {
			a.engine.err = fault.Errorf(code, "The engine says %s.", code)
			_, err := a.client(samToken).Approve(context.Background(), "p1")
			wantError(t, err, code, "The engine says "+string(code)+".")
		})
	}
	a.engine.err = errors.New("bolt: disk on fire")
	_, err := a.client(samToken).Cancel(context.Background(), "p1")
	wantError(t, err, fault.CodeInternal, "deploybot serve failed inside (see its log)")
}

func TestMalformedBody(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name, path, body, msg string
	}{
		{"ErrNotJSON", "v1/promotions", `{"service": "api",`, "the request body is not the JSON object /v1/promotions expects: unexpected EOF"},
		{"ErrUnknownField", "v1/promotions", `{"service": "api", "env": "stg", "requester": "U0SAM"}`, `json: unknown field "requester"`},
		{"ErrWrongType", "v1/rollbacks", `{"service": 7, "env": "stg"}`, "cannot unmarshal number"},
		{"ErrTwoValues", "v1/promotions/p1/approve", `{} {}`, "holds more than one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := a.client(ciToken)
			resp, err := c.do(context.Background(), http.MethodPost, tt.path, nil, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			wantError(t, readError(resp), fault.CodeInvalid, tt.msg)
		})
	}
}

func TestReadsOnSocketNeedNoToken(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	c := a.client("")
	p, err := c.Promotion(ctx, "p2")
	if err != nil || p.Env != "production" {
		t.Fatalf("Promotion(p2) = %+v, %v", p, err)
	}
	_, err = c.Promotion(ctx, "nope")
	wantError(t, err, fault.CodeNotFound, "There is no promotion nope.")
	page, err := c.History(ctx, Filter{Service: "api", Env: "staging"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	for _, ev := range page.Events {
		seqs = append(seqs, ev.Seq)
	}
	if diff := cmp.Diff([]uint64{1, 3}, seqs); diff != "" {
		t.Errorf("api staging history (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := c.Backup(ctx, &buf); err != nil || buf.String() != a.store.snapshot {
		t.Errorf("Backup = %q, %v; want the snapshot", buf.String(), err)
	}
	_, err = c.WhoAmI(ctx)
	wantError(t, err, fault.CodeUnauthorised, "no credential")
}

func TestTCPNeedsTokenForEverything(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	anon := NewClient(ClientOptions{URL: a.tcpURL})
	_, err := anon.Promotion(ctx, "p1")
	wantError(t, err, fault.CodeUnauthorised, "no credential")
	var buf bytes.Buffer
	wantError(t, anon.Backup(ctx, &buf), fault.CodeUnauthorised, "no credential")
	ci := NewClient(ClientOptions{URL: a.tcpURL, Token: config.NewSecret(ciToken)})
	if _, err := ci.Promotion(ctx, "p1"); err != nil {
		t.Errorf("with the automation token: %v", err)
	}
	who, err := ci.WhoAmI(ctx)
	if diff := cmp.Diff(WhoAmI{ID: "automation:ci", Automation: "ci"}, who); diff != "" || err != nil {
		t.Errorf("whoami %v (-want +got):\n%s", err, diff)
	}
}

func TestDial(t *testing.T) {
	dir := shortTempDir(t)
	ctx := context.Background()
	t.Run("ErrNoSocket", func(t *testing.T) {
		_, err := Dial(ctx, filepath.Join(dir, "none.sock"), config.Secret{})
		if !errors.Is(err, ErrNoServe) {
			t.Errorf("Dial = %v, want ErrNoServe", err)
		}
	})
	t.Run("ErrStaleSocket", func(t *testing.T) {
		// A serve that died leaves its socket; nobody accepts on it.
		sock := filepath.Join(dir, "stale.sock")
		ln, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		ln.(*net.UnixListener).SetUnlinkOnClose(false)
		ln.Close()
		if _, err := os.Stat(sock); err != nil {
			t.Fatal(err)
		}
		_, err = Dial(ctx, sock, config.Secret{})
		if !errors.Is(err, ErrNoServe) {
			t.Errorf("Dial = %v, want ErrNoServe", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		a := newAPI(t)
		c, err := Dial(ctx, a.socket, config.NewSecret(ciToken))
		if err != nil {
			t.Fatal(err)
		}
		if who, err := c.WhoAmI(ctx); err != nil || who.ID != "automation:ci" {
			t.Errorf("WhoAmI = %+v, %v", who, err)
		}
	})
}

func TestListenRefusesAFile(t *testing.T) {
	path := filepath.Join(shortTempDir(t), "deploybot.db.sock")
	if err := os.WriteFile(path, []byte("not a socket"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Listen(path, "")
	if err == nil || !strings.Contains(err.Error(), "is not a socket") {
		t.Fatalf("Listen over a file = %v, want a refusal", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "not a socket" {
		t.Errorf("the file was changed: %q", got)
	}
}

func TestSocketMode(t *testing.T) {
	a := newAPI(t)
	fi, err := os.Stat(a.socket)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("socket mode %o, want 600", perm)
	}
}

// wantError fails unless err is a *deploy.Error with code whose message
// contains msg.
func wantError(t *testing.T, err error, code fault.Code, msg string) {
	t.Helper()
	var de *fault.Error
	if !errors.As(err, &de) || de.Code != code || !strings.Contains(de.Message, msg) {
		t.Errorf("error %v (%q), want %q containing %q", err, fault.ErrorCode(err), code, msg)
	}
}
