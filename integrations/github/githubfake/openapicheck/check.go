package openapicheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// anyStatus are the error statuses GitHub may answer any operation with
// (bad credentials, rate limits, outages, bad JSON), whether or not the
// description lists them for that operation; their body must still be
// GitHub's basic-error.
var anyStatus = map[int]bool{400: true, 401: true, 403: true, 404: true, 429: true,
	500: true, 502: true, 503: true, 504: true}

// faultHeader is githubfake.FaultHeader: the stand-in sets it, in what it
// hands to Check only, on answers written by an injected fault.
const faultHeader = "X-Githubfake-Fault"

// maxProblems bounds the problems one error lists.
const maxProblems = 12

// undocumented are the statuses GitHub answers an operation with that its
// description leaves out; their body must still be GitHub's basic-error.
var undocumented = map[string]int{
	// An unknown SHA: 422 "No commit found for SHA: …", as commits/{ref}
	// (which documents it) answers.
	"GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": http.StatusUnprocessableEntity,
}

// rateHeaders are sent by GitHub on every REST answer.
var rateHeaders = []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Used"}

// customMedia are the Accept media types whose answers the description does
// not describe (raw file content, a bare SHA, diffs): only their status and
// headers are checked.
var customMedia = []string{"vnd.github.raw", "vnd.github.v3.raw", "vnd.github.sha", "vnd.github.v3.sha",
	"vnd.github.diff", "vnd.github.v3.diff", "vnd.github.patch", "vnd.github.v3.patch"}

// Check validates one exchange with the GitHub stand-in against the committed
// description: the request's path, query and JSON body, and the answer's
// status, headers and body. req.Body and resp.Body must be readable; both
// are left readable. It returns nil, or an error naming the method, the path
// and every problem found; an error loading the description is returned too.
// Requests to the stand-in's raw-file URLs (/_raw/...), which are not REST
// API paths, are not checked.
func Check(req *http.Request, resp *http.Response) error {
	sp, err := load()
	if err != nil {
		return err
	}
	path := apiPath(req.URL.Path)
	if strings.HasPrefix(path, "/_raw/") {
		return nil
	}
	route, params, ok := sp.find(req.Method, path)
	if !ok {
		return fmt.Errorf("%s %s: no such operation in GitHub's REST description", req.Method, path)
	}
	if v, ok := params["path"]; ok && v == "" {
		// GitHub lists the root directory at contents/ with an empty path,
		// which the description (path required) does not show.
		params["path"] = "/"
	}
	reqBody, err := readBack(&req.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the request body: %w", req.Method, path, err)
	}
	respBody, err := readBack(&resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the response body: %w", req.Method, path, err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		MultiError: true, IncludeResponseStatus: true}
	opts.WithCustomSchemaErrorFunc(schemaMessage)
	r2 := req.Clone(context.Background())
	r2.URL.Path = path
	r2.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.RequestValidationInput{Request: r2, PathParams: params, Route: route, Options: opts}
	var problems []string
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		problems = append(problems, "request: "+flatten(err))
	}
	problems = append(problems, unknownQuery(route.PathItem.Parameters, route.Operation, req)...)
	problems = append(problems, unknownBodyFields(route.Operation, reqBody)...)
	problems = append(problems, checkResponse(sp, in, req, resp, respBody, opts)...)
	if len(problems) == 0 {
		return nil
	}
	if n := len(problems); n > maxProblems {
		problems = append(problems[:maxProblems:maxProblems], fmt.Sprintf("and %d more", n-maxProblems))
	}
	return fmt.Errorf("%s %s (%s %s) answered %d: %s", req.Method, path, route.Method, route.Path,
		resp.StatusCode, strings.Join(problems, "; "))
}

// checkResponse validates status, headers and body of the answer.
func checkResponse(sp *spec, in *openapi3filter.RequestValidationInput, req *http.Request,
	resp *http.Response, body []byte, opts *openapi3filter.Options) []string {
	var problems []string
	for _, h := range rateHeaders {
		if _, err := strconv.Atoi(resp.Header.Get(h)); err != nil {
			problems = append(problems, fmt.Sprintf("response: header %s is %q, GitHub sends an integer on every answer", h, resp.Header.Get(h)))
		}
	}
	if v := resp.Header.Get("X-RateLimit-Reset"); v != "" {
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			problems = append(problems, fmt.Sprintf("response: header X-RateLimit-Reset is %q, not epoch seconds", v))
		}
	}
	if resp.StatusCode == http.StatusNotModified {
		return problems
	}
	documented := in.Route.Operation.Responses.Status(resp.StatusCode) != nil
	if resp.Header.Get(faultHeader) != "" && resp.StatusCode >= 400 {
		// An injected fault: the test chose the status, GitHub's error
		// format still applies.
		return append(problems, checkErrorBody(sp, resp, body)...)
	}
	if !documented && (anyStatus[resp.StatusCode] || undocumented[in.Route.Method+" "+in.Route.Path] == resp.StatusCode) {
		return append(problems, checkErrorBody(sp, resp, body)...)
	}
	if resp.StatusCode < 300 && customMedium(req.Header.Get("Accept")) {
		if !documented {
			problems = append(problems, fmt.Sprintf("response: status %d is not documented", resp.StatusCode))
		}
		return problems
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
		Header: resp.Header, Options: opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		problems = append(problems, "response: "+flatten(err))
	}
	return problems
}

// checkErrorBody checks an error answer against GitHub's basic-error schema.
func checkErrorBody(sp *spec, resp *http.Response, body []byte) []string {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "application/json" {
		return []string{fmt.Sprintf("response: error body has Content-Type %q, GitHub sends application/json", mt)}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{fmt.Sprintf("response: error body is not JSON: %v", err)}
	}
	err := sp.basicError.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsResponse(),
		openapi3.SetSchemaErrorMessageCustomizer(schemaMessage))
	if err != nil {
		return []string{"response: error body does not match basic-error: " + flatten(err)}
	}
	m, _ := v.(map[string]any)
	var out []string
	for _, k := range []string{"message", "documentation_url"} {
		if _, ok := m[k].(string); !ok {
			out = append(out, "response: error body lacks "+k+", which GitHub always sends")
		}
	}
	return out
}

// unknownQuery reports query parameters the operation does not document:
// GitHub ignores them, so a misspelt one would silently change nothing.
func unknownQuery(shared openapi3.Parameters, op *openapi3.Operation, req *http.Request) []string {
	known := map[string]bool{}
	for _, ps := range []openapi3.Parameters{shared, op.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				known[p.Value.Name] = true
			}
		}
	}
	var out []string
	for name := range req.URL.Query() {
		if !known[name] {
			out = append(out, fmt.Sprintf("request: query parameter %q is not documented for this operation", name))
		}
	}
	sort.Strings(out)
	return out
}

// unknownBodyFields reports JSON body fields the operation's request schema
// does not declare (where the schema does not itself allow extra fields):
// GitHub ignores them, so a misspelt field would be silently dropped.
func unknownBodyFields(op *openapi3.Operation, body []byte) []string {
	if op.RequestBody == nil || op.RequestBody.Value == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil // ValidateRequest reports it
	}
	var out []string
	walkUnknown(mt.Schema.Value, v, "", &out)
	return out
}

func walkUnknown(s *openapi3.Schema, v any, at string, out *[]string) {
	if s == nil {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		props, open := properties(s)
		if open {
			return
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p, ok := props[k]
			if !ok {
				*out = append(*out, fmt.Sprintf("request: body field %s/%s is not in the schema", at, k))
				continue
			}
			walkUnknown(p, t[k], at+"/"+k, out)
		}
	case []any:
		if s.Items != nil {
			for i, e := range t {
				walkUnknown(s.Items.Value, e, fmt.Sprintf("%s/%d", at, i), out)
			}
		}
	}
}

// properties merges the properties s declares directly and through
// allOf/anyOf/oneOf; open is true when s admits fields it does not name.
func properties(s *openapi3.Schema) (props map[string]*openapi3.Schema, open bool) {
	props = map[string]*openapi3.Schema{}
	var add func(*openapi3.Schema) bool
	add = func(s *openapi3.Schema) bool {
		if s == nil {
			return false
		}
		ap := s.AdditionalProperties
		if (ap.Has != nil && *ap.Has) || ap.Schema != nil {
			return true
		}
		for k, p := range s.Properties {
			props[k] = p.Value
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range group {
				if add(r.Value) {
					return true
				}
			}
		}
		return false
	}
	open = add(s)
	if !open && len(props) == 0 && ap(s) {
		open = true
	}
	return props, open
}

// ap reports whether s says nothing about its object's fields (no
// properties and no composition), which admits any field.
func ap(s *openapi3.Schema) bool {
	return len(s.Properties) == 0 && len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0
}

// schemaMessage is a schema error as the JSON pointer of the value and the
// reason, without kin-openapi's dump of the whole schema.
func schemaMessage(err *openapi3.SchemaError) string {
	return "/" + strings.Join(err.JSONPointer(), "/") + ": " + err.Reason
}

// flatten joins a kin-openapi (multi-)error into one line.
func flatten(err error) string {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		parts := make([]string, 0, len(me))
		for _, e := range me {
			parts = append(parts, flatten(e))
		}
		return strings.Join(parts, ", ")
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

func customMedium(accept string) bool {
	for _, m := range customMedia {
		if strings.Contains(accept, m) {
			return true
		}
	}
	return false
}

// apiPath strips the Enterprise /api/v3 prefix.
func apiPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/api/v3"); ok && (rest == "" || rest[0] == '/') {
		return "/" + strings.TrimPrefix(rest, "/")
	}
	return p
}

// readBack reads *body and replaces it with a reader of the same bytes.
func readBack(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(*body)
	(*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))
	return b, err
}
