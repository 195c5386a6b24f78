package githubfake

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Token describes what an API token may do.
type Token struct {
	// Login is the user the token acts as; default Options.Login.
	Login string
	// ReadOnly makes every write answer 403 "Resource not accessible by
	// integration".
	ReadOnly bool
	// Repos lists the repositories (full names) the token can see; empty
	// means all. Other repositories answer 404 "Not Found", as on GitHub.
	Repos []string
}

// App configures GitHub App authentication (as used by ghinstallation).
type App struct {
	// ID is the App ID the JWT's "iss" claim must carry.
	ID int64
	// InstallationID is the only installation access tokens are issued for.
	InstallationID int64
	// PublicKey verifies the RS256 JWT.
	PublicKey *rsa.PublicKey
	// Slug names the App; installation tokens act as "<slug>[bot]".
	// Default "deploybot".
	Slug string
	// ReadOnly and Repos restrict installation tokens like [Token].
	ReadOnly bool
	Repos    []string
	// TokenTTL is how long installation tokens live, in real time (the
	// client measures it with its own clock); default one hour.
	TokenTTL time.Duration
}

// tokenInfo is a token's grant plus bookkeeping for installation tokens.
type tokenInfo struct {
	Token
	installation bool
	expires      time.Time // zero: never
}

// caller is who a request acts as.
type caller struct {
	login        string
	readOnly     bool
	repos        []string
	installation bool
}

type callerKey struct{}

func withCaller(ctx context.Context, c *caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

func callerOf(r *http.Request) *caller {
	c, _ := r.Context().Value(callerKey{}).(*caller)
	if c == nil {
		return &caller{}
	}
	return c
}

// AddToken accepts token for API requests with the grant t.
func (s *Server) AddToken(token string, t Token) {
	s.lock()
	defer s.unlock()
	if t.Login == "" {
		t.Login = s.login
	}
	s.tokens[token] = tokenInfo{Token: t}
}

// authRequired reports whether any credential is configured.
func (s *Server) authRequired() bool { return len(s.tokens) > 0 || s.app != nil }

// authenticate maps the Authorization header to a caller. Paths under /app/
// authenticate with a JWT in their handler instead.
func (s *Server) authenticate(r *http.Request) (*caller, *apiError) {
	if strings.HasPrefix(r.URL.Path, "/app/") {
		return &caller{}, nil
	}
	if !s.authRequired() {
		return &caller{login: s.login}, nil
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, &apiError{status: http.StatusUnauthorized, msg: "Requires authentication"}
	}
	scheme, tok, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "bearer") && !strings.EqualFold(scheme, "token") {
		return nil, errBadCredentials()
	}
	info, ok := s.tokens[strings.TrimSpace(tok)]
	if !ok || (!info.expires.IsZero() && time.Now().After(info.expires)) {
		return nil, errBadCredentials()
	}
	return &caller{login: info.Login, readOnly: info.ReadOnly, repos: info.Repos,
		installation: info.installation}, nil
}

func errBadCredentials() *apiError {
	return &apiError{status: http.StatusUnauthorized, msg: "Bad credentials"}
}

// canSee reports whether the caller's token covers the repository.
func (c *caller) canSee(fullName string) bool {
	if len(c.repos) == 0 {
		return true
	}
	for _, r := range c.repos {
		if strings.EqualFold(r, fullName) {
			return true
		}
	}
	return false
}

// handleAccessToken serves POST /app/installations/{id}/access_tokens.
func (s *Server) handleAccessToken(w http.ResponseWriter, r *http.Request) {
	if s.app == nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	if err := s.verifyJWT(r.Header.Get("Authorization")); err != nil {
		s.writeAPIError(w, err)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if id != s.app.InstallationID {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	s.appTokens++
	tok := fmt.Sprintf("ghs_fake%032d", s.appTokens)
	ttl := s.app.TokenTTL
	if ttl <= 0 {
		ttl = time.Hour
	}
	exp := time.Now().Add(ttl).UTC().Truncate(time.Second)
	slug := s.app.Slug
	if slug == "" {
		slug = "deploybot"
	}
	s.tokens[tok] = tokenInfo{Token: Token{Login: slug + "[bot]", ReadOnly: s.app.ReadOnly,
		Repos: s.app.Repos}, installation: true, expires: exp}
	perm := "write"
	if s.app.ReadOnly {
		perm = "read"
	}
	selection := "all"
	if len(s.app.Repos) > 0 {
		selection = "selected"
	}
	s.writeJSON(w, r, http.StatusCreated, wireInstallationToken{Token: tok, ExpiresAt: exp.Format(time.RFC3339),
		Permissions:         map[string]string{"contents": perm, "pull_requests": perm, "metadata": "read"},
		RepositorySelection: selection})
}

type jwtClaims struct {
	Iss json.RawMessage `json:"iss"`
	Iat json.Number     `json:"iat"`
	Exp json.Number     `json:"exp"`
}

// verifyJWT checks an App JWT like GitHub: RS256, signed by the App key,
// iss the App ID, not expired, expiring at most ten minutes ahead.
func (s *Server) verifyJWT(header string) *apiError {
	undecodable := &apiError{status: http.StatusUnauthorized, msg: "A JSON web token could not be decoded"}
	tok, ok := strings.CutPrefix(header, "Bearer ")
	parts := strings.Split(tok, ".")
	if !ok || len(parts) != 3 {
		return undecodable
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	if decodeSegment(parts[0], &hdr) != nil || hdr.Alg != "RS256" {
		return undecodable
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || s.app.PublicKey == nil {
		return undecodable
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(s.app.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return undecodable
	}
	var claims jwtClaims
	if decodeSegment(parts[1], &claims) != nil {
		return undecodable
	}
	return s.checkClaims(claims)
}

func (s *Server) checkClaims(c jwtClaims) *apiError {
	iss := strings.Trim(string(c.Iss), `"`)
	if iss != strconv.FormatInt(s.app.ID, 10) {
		return &apiError{status: http.StatusUnauthorized, msg: "Integration not found"}
	}
	exp, err1 := c.Exp.Int64()
	iat, err2 := c.Iat.Int64()
	now := time.Now().Unix()
	if err1 != nil || exp <= now {
		return &apiError{status: http.StatusUnauthorized, msg: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"}
	}
	if err2 != nil || iat > now+60 {
		return &apiError{status: http.StatusUnauthorized, msg: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"}
	}
	if exp-iat > 600 {
		return &apiError{status: http.StatusUnauthorized, msg: "'Expiration time' claim ('exp') is too far in the future"}
	}
	return nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
