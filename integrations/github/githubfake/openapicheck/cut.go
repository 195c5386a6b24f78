package openapicheck

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Cut returns the subset of GitHub's description src (the JSON of
// generated/api.github.com.json in the @octokit/openapi package) that keeps
// only [Operations], every component they reference (transitively), and no
// media-type examples. The result records version, the source's SHA-256 and
// how it was cut under info["x-deploybot-subset"]. It returns an error when
// src is not JSON or lacks one of the operations or referenced components.
func Cut(src []byte, pkgVersion string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("openapicheck: the source is not JSON: %w", err)
	}
	allPaths, _ := doc["paths"].(map[string]any)
	paths := map[string]any{}
	for _, op := range Operations {
		item, _ := allPaths[op.Path].(map[string]any)
		body, ok := item[strings.ToLower(op.Method)]
		if !ok {
			return nil, fmt.Errorf("openapicheck: the source has no %s %s", op.Method, op.Path)
		}
		kept, _ := paths[op.Path].(map[string]any)
		if kept == nil {
			kept = map[string]any{}
			if params, ok := item["parameters"]; ok {
				kept["parameters"] = params
			}
			paths[op.Path] = kept
		}
		kept[strings.ToLower(op.Method)] = dropExamples(body)
	}
	comps, err := referenced(doc, paths)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	info, _ := doc["info"].(map[string]any)
	info["x-deploybot-subset"] = map[string]any{
		"package":       "@octokit/openapi@" + pkgVersion,
		"file":          "generated/api.github.com.json",
		"sha256":        hex.EncodeToString(sum[:]),
		"operations":    len(Operations),
		"cut":           "openapicheck.Cut: the operations in openapicheck.Operations, every component they reference, media-type examples dropped",
		"regenerate_by": "go run ./integrations/github/githubfake/openapicheck/cutsubset -source package/generated/api.github.com.json -version " + pkgVersion,
	}
	out := map[string]any{"openapi": doc["openapi"], "info": info, "servers": doc["servers"],
		"paths": paths, "components": comps}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("openapicheck: encoding the subset: %w", err)
	}
	return append(b, '\n'), nil
}

// referenced collects the components reachable from root through "$ref"s.
func referenced(doc map[string]any, root any) (map[string]any, error) {
	all, _ := doc["components"].(map[string]any)
	out := map[string]any{}
	seen := map[string]bool{}
	queue := refs(root)
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		kind, name, ok := strings.Cut(strings.TrimPrefix(ref, "#/components/"), "/")
		group, _ := all[kind].(map[string]any)
		v, found := group[name]
		if !ok || !found {
			return nil, fmt.Errorf("openapicheck: the source has no component %s", ref)
		}
		v = dropExamples(v)
		dst, _ := out[kind].(map[string]any)
		if dst == nil {
			dst = map[string]any{}
			out[kind] = dst
		}
		dst[name] = v
		queue = append(queue, refs(v)...)
	}
	return out, nil
}

// refs lists the "$ref" values under v, sorted.
func refs(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if r, ok := t["$ref"].(string); ok {
				out = append(out, r)
			}
			for _, c := range t {
				walk(c)
			}
		case []any:
			for _, c := range t {
				walk(c)
			}
		}
	}
	walk(v)
	sort.Strings(out)
	return out
}

// dropExamples removes the "examples" maps of media types and parameters
// (documentation, not constraints) from v in place and returns it.
func dropExamples(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if ex, ok := t["examples"].(map[string]any); ok && isExampleMap(ex) {
			delete(t, "examples")
		}
		for _, c := range t {
			dropExamples(c)
		}
	case []any:
		for _, c := range t {
			dropExamples(c)
		}
	}
	return v
}

// isExampleMap tells an OpenAPI examples map (name -> Example or $ref) from
// a schema property that happens to be called "examples".
func isExampleMap(m map[string]any) bool {
	for _, v := range m {
		e, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if _, isRef := e["$ref"]; !isRef {
			if _, hasValue := e["value"]; !hasValue {
				return false
			}
		}
	}
	return true
}
