package openapicheck

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// subsetFile is the committed subset, relative to the module root.
const subsetFile = "testdata/github-openapi/api.github.com.json"

// spec is the loaded subset with its routes, built once per process.
type spec struct {
	doc    *openapi3.T
	routes []route
	// basicError is GitHub's error body, which any operation may answer
	// with on the statuses in anyStatus.
	basicError *openapi3.Schema
}

// route is one operation with the pattern its path template compiles to.
type route struct {
	re     *regexp.Regexp
	names  []string // the path parameters, in order
	route  *routers.Route
	weight int // literal characters in the template: more specific first
}

var (
	loadOnce   sync.Once
	loadedSpec *spec
	loadErr    error
)

// load reads, validates and compiles the committed subset once per process.
func load() (*spec, error) {
	loadOnce.Do(func() { loadedSpec, loadErr = loadSpec() })
	return loadedSpec, loadErr
}

func loadSpec() (*spec, error) {
	p, err := subsetPath()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromFile(p)
	if err != nil {
		return nil, fmt.Errorf("openapicheck: loading %s: %w", p, err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("openapicheck: %s is not a valid OpenAPI 3.0 description: %w", p, err)
	}
	sp := &spec{doc: doc}
	if ref := doc.Components.Schemas["basic-error"]; ref != nil {
		sp.basicError = ref.Value
	} else {
		return nil, fmt.Errorf("openapicheck: %s has no components.schemas.basic-error; regenerate it with cutsubset", p)
	}
	for _, op := range Operations {
		item := doc.Paths.Value(op.Path)
		if item == nil || item.GetOperation(op.Method) == nil {
			return nil, fmt.Errorf("openapicheck: %s lacks %s %s; regenerate it with cutsubset", p, op.Method, op.Path)
		}
		re, names, weight := compile(op.Path)
		sp.routes = append(sp.routes, route{re: re, names: names, weight: weight, route: &routers.Route{
			Spec: doc, Path: op.Path, PathItem: item, Method: op.Method, Operation: item.GetOperation(op.Method)}})
	}
	sort.SliceStable(sp.routes, func(i, j int) bool { return sp.routes[i].weight > sp.routes[j].weight })
	return sp, nil
}

var paramRE = regexp.MustCompile(`\{([^}]+)\}`)

// compile turns a path template into an anchored pattern: a parameter is one
// segment, or any remainder for the parameters in greedy.
func compile(tmpl string) (*regexp.Regexp, []string, int) {
	var b strings.Builder
	var names []string
	last := 0
	weight := 0
	for _, m := range paramRE.FindAllStringSubmatchIndex(tmpl, -1) {
		lit := tmpl[last:m[0]]
		weight += len(lit)
		b.WriteString(regexp.QuoteMeta(lit))
		name := tmpl[m[2]:m[3]]
		names = append(names, name)
		switch {
		case name == "path": // "" is the repository's root directory
			b.WriteString("(.*)")
		case greedy[name]:
			b.WriteString("(.+)")
		default:
			b.WriteString("([^/]+)")
		}
		last = m[1]
	}
	weight += len(tmpl) - last
	b.WriteString(regexp.QuoteMeta(tmpl[last:]))
	return regexp.MustCompile("^" + b.String() + "$"), names, weight
}

// find returns the route for method and the unescaped path, with its path
// parameters; ok is false when no operation of the description matches.
func (sp *spec) find(method, path string) (*routers.Route, map[string]string, bool) {
	for _, r := range sp.routes {
		if r.route.Method != method {
			continue
		}
		m := r.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		params := map[string]string{}
		for i, name := range r.names {
			params[name] = m[i+1]
		}
		return r.route, params, true
	}
	return nil, nil, false
}

// subsetPath finds the subset by walking up from the working directory (a
// package directory under go test) to the module root.
func subsetPath() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("openapicheck: working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, subsetFile), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("openapicheck: no go.mod above the working directory; run from inside the deploybot module")
		}
		dir = parent
	}
}
