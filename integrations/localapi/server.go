package localapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// maxBody bounds a request body.
const maxBody = 64 << 10

// historyLimit is the most events one GET /v1/history answers.
const historyLimit = 500

// Engine is what the API asks of the promotion engine.
type Engine interface {
	Request(ctx context.Context, req deploy.Request) (deploy.Promotion, error)
	Approve(ctx context.Context, id string, approver deploy.Person) (deploy.Promotion, error)
	Cancel(ctx context.Context, id string, person deploy.Person) (deploy.Promotion, error)
	Rollback(ctx context.Context, req deploy.RollbackRequest) (deploy.Promotion, error)
}

// Store is what the API reads from the store.
type Store interface {
	HistoryReader
	// StreamBackup writes a consistent snapshot, announcing its size first.
	StreamBackup(w io.Writer, size func(int64)) (int64, error)
}

// Options configure New. Config, Engine, Store and Verifier are required.
type Options struct {
	Config   *config.Config
	Engine   Engine
	Store    Store
	Verifier *Verifier
	// Status answers GET /v1/status; nil answers 404.
	Status func(ctx context.Context) (deploy.StatusTable, []deploy.Promotion, error)
	// Groups returns the Slack user groups of a person, for the
	// environments whose promoters or approvers list groups; nil knows
	// none, so only listed user IDs match.
	Groups func(ctx context.Context, userID string) ([]string, error)
	Logger *slog.Logger
}

// Server answers the local API.
type Server struct {
	o   Options
	log *slog.Logger
}

// New returns a Server for o. It returns an error naming a missing
// option.
func New(o Options) (*Server, error) {
	switch {
	case o.Config == nil:
		return nil, errors.New("localapi: Options.Config is required")
	case o.Engine == nil:
		return nil, errors.New("localapi: Options.Engine is required")
	case o.Store == nil:
		return nil, errors.New("localapi: Options.Store is required")
	case o.Verifier == nil:
		return nil, errors.New("localapi: Options.Verifier is required")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Server{o: o, log: o.Logger.With("component", "localapi")}, nil
}

// Handler returns the API's routes. With tokenForReads every request
// needs a bearer token (TCP); without, only the ones that change
// something or ask who the caller is (the 0600 Unix socket).
func (s *Server) Handler(tokenForReads bool) http.Handler {
	mux := http.NewServeMux()
	read := func(h func(http.ResponseWriter, *http.Request)) http.HandlerFunc {
		if tokenForReads {
			return s.authed(func(w http.ResponseWriter, r *http.Request, _ Identity) { h(w, r) })
		}
		return h
	}
	mux.HandleFunc("POST /v1/promotions", s.authed(s.promote))
	mux.HandleFunc("GET /v1/promotions/{id}", read(s.promotion))
	mux.HandleFunc("POST /v1/promotions/{id}/approve", s.authed(s.approve))
	mux.HandleFunc("POST /v1/promotions/{id}/cancel", s.authed(s.cancel))
	mux.HandleFunc("POST /v1/rollbacks", s.authed(s.rollback))
	mux.HandleFunc("GET /v1/history", read(s.history))
	mux.HandleFunc("GET /v1/status", read(s.status))
	mux.HandleFunc("GET /v1/backup", read(s.backup))
	mux.HandleFunc("GET /v1/whoami", s.authed(s.whoami))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, fault.Errorf(fault.CodeNotFound, "%s %s is not part of the deploybot API (v1): see the README's Local API section", r.Method, r.URL.Path))
	})
	return mux
}

// authed verifies the bearer token before h runs; the identity it proves
// acts in h.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, Identity)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, err := bearer(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		id, err := s.o.Verifier.Verify(r.Context(), token)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if s.o.Groups != nil && !id.Person.IsAutomation() {
			if id.Person.Groups, err = s.o.Groups(r.Context(), id.Person.ID); err != nil {
				s.log.Warn("could not read a person's Slack user groups; only their user ID counts", "user", id.Person.ID, "err", err)
			}
		}
		h(w, r, id)
	}
}

// bearer returns the token of the Authorization header; no header is an
// empty token (Verify says what to set), another scheme CodeUnauthorised.
func bearer(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", nil
	}
	scheme, token, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", fault.Errorf(fault.CodeUnauthorised, "the Authorization header must be Bearer TOKEN")
	}
	return token, nil
}

func (s *Server) promote(w http.ResponseWriter, r *http.Request, id Identity) {
	var in PromoteRequest
	if !s.decode(w, r, &in, func() error {
		return required("service", in.Service, "env", in.Env)
	}) {
		return
	}
	if err := deploy.CheckAutomation(s.o.Config, id.Person, in.Env); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.o.Engine.Request(r.Context(), deploy.Request{Service: in.Service, Version: deploy.Version(in.Version),
		Env: in.Env, Requester: id.Person, Reason: in.Reason, Force: in.Force})
	s.answer(w, r, http.StatusCreated, p, err)
}

func (s *Server) promotion(w http.ResponseWriter, r *http.Request) {
	p, err := s.o.Store.GetPromotion(r.PathValue("id"))
	s.answer(w, r, http.StatusOK, p, err)
}

func (s *Server) approve(w http.ResponseWriter, r *http.Request, id Identity) {
	if !s.decode(w, r, &struct{}{}, nil) {
		return
	}
	approver := id.Person
	approver.Via = deploy.ApprovalCLI
	p, err := s.o.Engine.Approve(r.Context(), r.PathValue("id"), approver)
	s.answer(w, r, http.StatusOK, p, err)
}

func (s *Server) cancel(w http.ResponseWriter, r *http.Request, id Identity) {
	if !s.decode(w, r, &struct{}{}, nil) {
		return
	}
	p, err := s.o.Engine.Cancel(r.Context(), r.PathValue("id"), id.Person)
	s.answer(w, r, http.StatusOK, p, err)
}

func (s *Server) rollback(w http.ResponseWriter, r *http.Request, id Identity) {
	var in RollbackRequest
	if !s.decode(w, r, &in, func() error {
		if in.PromotionID == "" {
			return required("service", in.Service, "env", in.Env)
		}
		return nil
	}) {
		return
	}
	env := in.Env
	if in.PromotionID != "" {
		of, err := s.o.Store.GetPromotion(in.PromotionID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		env = of.Env
	}
	if err := deploy.CheckAutomation(s.o.Config, id.Person, env); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.o.Engine.Rollback(r.Context(), deploy.RollbackRequest{PromotionID: in.PromotionID, Service: in.Service,
		Env: in.Env, Person: id.Person, Reason: in.Reason})
	s.answer(w, r, http.StatusCreated, p, err)
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, err := strconv.ParseUint(cmp.Or(q.Get("after"), "0"), 10, 64)
	if err != nil {
		s.fail(w, r, fault.Errorf(fault.CodeInvalid, "after=%q is not a sequence number: give the next of the previous page", q.Get("after")))
		return
	}
	f, err := ResolveFilter(s.o.Config, q.Get("service"), q.Get("env"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := ReadHistory(s.o.Store, f, after, historyLimit)
	s.answer(w, r, http.StatusOK, page, err)
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	if s.o.Status == nil {
		s.fail(w, r, fault.Errorf(fault.CodeNotFound, "this deploybot does not serve status"))
		return
	}
	table, active, err := s.o.Status(r.Context())
	if active == nil {
		active = []deploy.Promotion{}
	}
	s.answer(w, r, http.StatusOK, Status{Table: table.Text(), Active: active}, err)
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request, id Identity) {
	s.answer(w, r, http.StatusOK, WhoAmI{ID: id.Person.ID, Login: id.Login, Automation: id.Automation}, nil)
}

// backup streams a consistent snapshot of the store with its length;
// a snapshot cut short shows as a body shorter than Content-Length.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	started := false
	n, err := s.o.Store.StreamBackup(w, func(size int64) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(http.StatusOK)
		started = true
	})
	switch {
	case err != nil && !started:
		s.fail(w, r, err)
	case err != nil:
		s.log.Error("backup over the API failed", "err", err, "bytes", n)
	default:
		s.log.Info("store backed up over the API", "bytes", n)
	}
}

// ResolveFilter resolves a service and environment name (either may be
// empty) to canonical names; unknown names are CodeInvalid with the valid
// ones.
func ResolveFilter(cfg *config.Config, service, env string) (Filter, error) {
	var f Filter
	if service != "" {
		svc, err := cfg.ResolveService(service)
		if err != nil {
			return f, err
		}
		f.Service = svc.Name
	}
	if env != "" {
		e, err := cfg.ResolveEnvironment(env)
		if err != nil {
			return f, err
		}
		f.Env = e.Name
	}
	return f, nil
}

// required returns CodeInvalid naming the first of the name, value pairs
// whose value is empty.
func required(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return fault.Errorf(fault.CodeInvalid, "the request body has no %q: give it, like {\"service\": \"api\", \"env\": \"staging\"}", pairs[i])
		}
	}
	return nil
}

// decode reads the JSON body into v (an empty body is {}) and runs check;
// on a problem it answers 400 saying what is wrong and returns false.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, check func() error) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		s.fail(w, r, fault.Errorf(fault.CodeInvalid, "cannot read the request body (at most %d bytes): %w", maxBody, err))
		return false
	}
	if len(strings.TrimSpace(string(body))) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			s.fail(w, r, fault.Errorf(fault.CodeInvalid, "the request body is not the JSON object %s expects: %w", r.URL.Path, err))
			return false
		}
		if dec.More() {
			s.fail(w, r, fault.Errorf(fault.CodeInvalid, "the request body holds more than one JSON value; send one object"))
			return false
		}
	}
	if check != nil {
		if err := check(); err != nil {
			s.fail(w, r, err)
			return false
		}
	}
	return true
}

// answer writes v as JSON with status, or err.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.log.Warn("writing an API answer failed", "path", r.URL.Path, "err", err)
	}
}

// fail answers err as {code, message} with the HTTP status of its code.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := fault.ErrorCode(err)
	msg := fault.UserMessage(err)
	if code == fault.CodeInternal {
		s.log.Error("API request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = fmt.Sprintf("deploybot serve failed inside (see its log): %s", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus(code))
	_ = json.NewEncoder(w).Encode(errorBody{Code: code, Message: msg})
}

// httpStatus is the HTTP status of an error code.
func httpStatus(c fault.Code) int {
	switch c {
	case fault.CodeInvalid:
		return http.StatusBadRequest
	case fault.CodeUnauthorised:
		return http.StatusForbidden
	case fault.CodeNotFound:
		return http.StatusNotFound
	case fault.CodeConflict:
		return http.StatusConflict
	case fault.CodeBlocked:
		return http.StatusUnprocessableEntity
	case fault.CodeRateLimited:
		return http.StatusTooManyRequests
	case fault.CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
