package localapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// ErrNoServe is in the chain of the error Dial returns when no deploybot
// serve answers on the socket: there is none, or the socket is left from
// one that died.
var ErrNoServe = errors.New("no deploybot serve answers")

// Client calls the local API of a running deploybot serve.
type Client struct {
	base  string // http://deploybot/ for the socket, or the TCP URL
	where string // the socket or URL, for messages
	token config.Secret
	http  *http.Client
}

// ClientOptions configure NewClient and Dial.
type ClientOptions struct {
	// Socket is the Unix socket of the serve (store.SocketPath).
	Socket string
	// URL is the API's base URL on TCP, like http://127.0.0.1:8081/,
	// when Socket is empty.
	URL string
	// Token is sent as the bearer token.
	Token config.Secret
}

// NewClient returns a client for the API at o.Socket, or o.URL. It does
// not connect.
func NewClient(o ClientOptions) *Client {
	c := &Client{token: o.Token}
	if o.Socket != "" {
		sock := o.Socket
		c.base, c.where = "http://deploybot/", sock
		c.http = &http.Client{Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", sock)
			},
			DisableKeepAlives: true,
		}}
		return c
	}
	c.base, c.where = strings.TrimSuffix(o.URL, "/")+"/", o.URL
	c.http = &http.Client{}
	return c
}

// Dial returns a client for the serve answering on socket, after
// checking that one answers. It returns an error wrapping ErrNoServe when
// the socket does not exist or nobody accepts on it (a serve that died
// leaves it behind), and CodeUnavailable for any other failure to
// connect.
func Dial(ctx context.Context, socket string, token config.Secret) (*Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", socket)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, fmt.Errorf("%w on %s: %w", ErrNoServe, socket, err)
		}
		return nil, fault.Errorf(fault.CodeUnavailable, "cannot connect to deploybot serve on %s: %w", socket, err)
	}
	conn.Close()
	return NewClient(ClientOptions{Socket: socket, Token: token}), nil
}

// Where returns the socket or URL the client talks to.
func (c *Client) Where() string { return c.where }

// Promote asks for a promotion as the token's identity.
func (c *Client) Promote(ctx context.Context, req PromoteRequest) (deploy.Promotion, error) {
	var p deploy.Promotion
	return p, c.call(ctx, http.MethodPost, "v1/promotions", nil, req, &p)
}

// Promotion returns promotion id.
func (c *Client) Promotion(ctx context.Context, id string) (deploy.Promotion, error) {
	var p deploy.Promotion
	return p, c.call(ctx, http.MethodGet, "v1/promotions/"+url.PathEscape(id), nil, nil, &p)
}

// Approve approves promotion id as the token's identity.
func (c *Client) Approve(ctx context.Context, id string) (deploy.Promotion, error) {
	var p deploy.Promotion
	return p, c.call(ctx, http.MethodPost, "v1/promotions/"+url.PathEscape(id)+"/approve", nil, struct{}{}, &p)
}

// Cancel cancels promotion id as the token's identity.
func (c *Client) Cancel(ctx context.Context, id string) (deploy.Promotion, error) {
	var p deploy.Promotion
	return p, c.call(ctx, http.MethodPost, "v1/promotions/"+url.PathEscape(id)+"/cancel", nil, struct{}{}, &p)
}

// Rollback asks for a rollback as the token's identity.
func (c *Client) Rollback(ctx context.Context, req RollbackRequest) (deploy.Promotion, error) {
	var p deploy.Promotion
	return p, c.call(ctx, http.MethodPost, "v1/rollbacks", nil, req, &p)
}

// History returns one page of the audit log after sequence number after.
func (c *Client) History(ctx context.Context, f Filter, after uint64) (HistoryPage, error) {
	q := url.Values{}
	if f.Service != "" {
		q.Set("service", f.Service)
	}
	if f.Env != "" {
		q.Set("env", f.Env)
	}
	if after > 0 {
		q.Set("after", strconv.FormatUint(after, 10))
	}
	var page HistoryPage
	return page, c.call(ctx, http.MethodGet, "v1/history", q, nil, &page)
}

// Status returns the version table and the promotions in flight.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var s Status
	return s, c.call(ctx, http.MethodGet, "v1/status", nil, nil, &s)
}

// WhoAmI returns whom the client's token proves.
func (c *Client) WhoAmI(ctx context.Context) (WhoAmI, error) {
	var w WhoAmI
	return w, c.call(ctx, http.MethodGet, "v1/whoami", nil, nil, &w)
}

// Backup writes a consistent snapshot of the store to w. It returns an
// error when the stream ends before the length the serve announced.
func (c *Client) Backup(ctx context.Context, w io.Writer) error {
	resp, err := c.do(ctx, http.MethodGet, "v1/backup", nil, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return readError(resp)
	}
	if resp.ContentLength < 0 {
		return fault.Errorf(fault.CodeInternal, "deploybot serve on %s sent a backup without its length", c.where)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return fault.Errorf(fault.CodeUnavailable, "the backup from deploybot serve on %s broke off after %d of %d bytes: %w", c.where, n, resp.ContentLength, err)
	}
	return nil
}

// call sends in (if not nil) as JSON and decodes the answer into out.
func (c *Client) call(ctx context.Context, method, path string, q url.Values, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fault.Errorf(fault.CodeInternal, "encode the request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	resp, err := c.do(ctx, method, path, q, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return readError(resp)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fault.Errorf(fault.CodeUnavailable, "deploybot serve on %s sent an answer that is not JSON: %w", c.where, err)
	}
	return nil
}

// do sends one request with the bearer token.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body io.Reader) (*http.Response, error) {
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fault.Errorf(fault.CodeInternal, "build the request: %w", err)
	}
	if !c.token.IsZero() {
		req.Header.Set("Authorization", "Bearer "+c.token.Reveal())
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fault.Errorf(fault.CodeUnavailable, "deploybot serve on %s did not answer: %w", c.where, err)
	}
	return resp, nil
}

// readError turns an error answer into a *deploy.Error with its code.
func readError(resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	var e errorBody
	if err := json.Unmarshal(data, &e); err == nil && e.Code != "" && e.Message != "" {
		return &fault.Error{Code: e.Code, Message: e.Message}
	}
	return &fault.Error{Code: codeOfStatus(resp.StatusCode),
		Message: fmt.Sprintf("deploybot serve answered %s: %s", resp.Status, strings.TrimSpace(string(data)))}
}

// codeOfStatus is the error code of an HTTP status without a body.
func codeOfStatus(status int) fault.Code {
	switch status {
	case http.StatusBadRequest:
		return fault.CodeInvalid
	case http.StatusUnauthorized, http.StatusForbidden:
		return fault.CodeUnauthorised
	case http.StatusNotFound:
		return fault.CodeNotFound
	case http.StatusConflict:
		return fault.CodeConflict
	case http.StatusTooManyRequests:
		return fault.CodeRateLimited
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return fault.CodeUnavailable
	}
	return fault.CodeInternal
}
