package argocdfake_test

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/yaml"
)

// crdPath is the Application CRD of argo-cd v2.14.21 (see its header and
// FIDELITY.md).
const crdPath = "testdata/application-crd.yaml"

// crdSchema checks objects against the Application CRD's openAPIV3Schema
// in its structural form, the form kube-apiserver prunes and validates a
// custom resource with. It checks every keyword the Application CRD uses
// (type, required, properties, items, additionalProperties, enum, format
// date-time and int64, x-kubernetes-int-or-string and
// -preserve-unknown-fields) and, with the apiserver's own pruning, reports
// every field the CRD does not declare. Loading fails on a keyword it does
// not check, so a newer CRD cannot pass unchecked.
//
// (The apiserver's validator, k8s.io/apiextensions-apiserver's
// apiserver/validation, pulls in cel-go, and kube-openapi's validate needs
// asaskevich/govalidator: neither has a go.sum entry in this module, and
// this check needs no new dependency.)
type crdSchema struct {
	root *structuralschema.Structural
}

func loadCRDSchema(t *testing.T) *crdSchema {
	t.Helper()
	raw, err := os.ReadFile(crdPath)
	if err != nil {
		t.Fatal(err)
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(raw, &crd); err != nil {
		t.Fatalf("%s: %v", crdPath, err)
	}
	i := slices.IndexFunc(crd.Spec.Versions, func(v apiextensionsv1.CustomResourceDefinitionVersion) bool {
		return v.Name == "v1alpha1"
	})
	if crd.Spec.Names.Kind != "Application" || i < 0 || crd.Spec.Versions[i].Schema == nil {
		t.Fatalf("%s is not the Application CRD with a v1alpha1 schema", crdPath)
	}
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(
		crd.Spec.Versions[i].Schema.OpenAPIV3Schema, &internal, nil); err != nil {
		t.Fatal(err)
	}
	root, err := structuralschema.NewStructural(&internal)
	if err != nil {
		t.Fatalf("%s: not a structural schema: %v", crdPath, err)
	}
	if bad := unchecked("", root); len(bad) > 0 {
		t.Fatalf("%s uses keywords crdSchema does not check; extend it:\n%s", crdPath, strings.Join(bad, "\n"))
	}
	return &crdSchema{root: root}
}

// unchecked lists the schema keywords under s that check does not
// implement.
func unchecked(path string, s *structuralschema.Structural) []string {
	var bad []string
	if v := s.ValueValidation; v != nil {
		if v.Pattern != "" || v.MaxLength != nil || v.MinLength != nil || v.Maximum != nil || v.Minimum != nil ||
			v.MaxItems != nil || v.MinItems != nil || v.UniqueItems || v.MultipleOf != nil || v.MaxProperties != nil ||
			v.MinProperties != nil || len(v.AllOf) > 0 || len(v.OneOf) > 0 || v.Not != nil ||
			len(v.AnyOf) > 0 && !s.XIntOrString {
			bad = append(bad, path+": a value constraint")
		}
		if f := v.Format; f != "" && f != "date-time" && f != "int64" && f != "int32" {
			bad = append(bad, path+": format "+f)
		}
	}
	if len(s.XValidations) > 0 || s.XEmbeddedResource {
		bad = append(bad, path+": x-kubernetes-validations or -embedded-resource")
	}
	if s.Items != nil {
		bad = append(bad, unchecked(path+"[]", s.Items)...)
	}
	if ap := s.AdditionalProperties; ap != nil && ap.Structural != nil {
		bad = append(bad, unchecked(path+".*", ap.Structural)...)
	}
	for name, p := range s.Properties {
		bad = append(bad, unchecked(path+"."+name, &p)...)
	}
	return bad
}

// check returns what the API server would object to in the object whose
// JSON is doc, sorted: values that fail the schema, and each field
// pruning would drop.
func (s *crdSchema) check(doc []byte) []string {
	var obj map[string]any
	if err := utiljson.Unmarshal(doc, &obj); err != nil { // integers as int64, as the apiserver decodes
		return []string{"not a JSON object: " + err.Error()}
	}
	problems := validateValue("", obj, s.root)
	pruned := pruning.PruneWithOptions(obj, s.root, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, p := range pruned {
		problems = append(problems, p+": unknown field, the API server would drop it")
	}
	sort.Strings(problems)
	return problems
}

// validateValue checks v at path against s.
func validateValue(path string, v any, s *structuralschema.Structural) []string {
	at := strings.TrimPrefix(path, ".")
	if v == nil {
		if s.Nullable || s.Type == "" && s.XPreserveUnknownFields {
			return nil
		}
		return []string{at + ": null, want " + typeName(s)}
	}
	if s.XIntOrString {
		if _, ok := v.(int64); !ok {
			if _, ok := v.(string); !ok {
				return []string{fmt.Sprintf("%s: %T, want an integer or a string", at, v)}
			}
		}
		return nil
	}
	if problem := wrongType(v, s); problem != "" {
		return []string{at + ": " + problem}
	}
	var problems []string
	if vv := s.ValueValidation; vv != nil {
		if len(vv.Enum) > 0 && !slices.ContainsFunc(vv.Enum, func(e structuralschema.JSON) bool { return reflect.DeepEqual(e.Object, v) }) {
			problems = append(problems, fmt.Sprintf("%s: %v is not one of the enum", at, v))
		}
		if str, ok := v.(string); ok && vv.Format == "date-time" {
			if _, err := time.Parse(time.RFC3339, str); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %q is not a date-time", at, str))
			}
		}
	}
	switch v := v.(type) {
	case map[string]any:
		problems = append(problems, validateObject(path, v, s)...)
	case []any:
		for i, item := range v {
			if s.Items != nil {
				problems = append(problems, validateValue(fmt.Sprintf("%s[%d]", path, i), item, s.Items)...)
			}
		}
	}
	return problems
}

func validateObject(path string, obj map[string]any, s *structuralschema.Structural) []string {
	var problems []string
	if vv := s.ValueValidation; vv != nil {
		for _, req := range vv.Required {
			if _, ok := obj[req]; !ok {
				problems = append(problems, strings.TrimPrefix(path+"."+req, ".")+": required, missing")
			}
		}
	}
	for name, val := range obj {
		if p, ok := s.Properties[name]; ok {
			problems = append(problems, validateValue(path+"."+name, val, &p)...)
		} else if ap := s.AdditionalProperties; ap != nil && ap.Structural != nil {
			problems = append(problems, validateValue(path+"."+name, val, ap.Structural)...)
		}
	}
	return problems
}

// wrongType says how v is not of s's type, or "".
func wrongType(v any, s *structuralschema.Structural) string {
	ok := true
	switch s.Type {
	case "object":
		_, ok = v.(map[string]any)
	case "array":
		_, ok = v.([]any)
	case "string":
		_, ok = v.(string)
	case "integer":
		_, ok = v.(int64)
	case "number":
		_, isInt := v.(int64)
		_, isFloat := v.(float64)
		ok = isInt || isFloat
	case "boolean":
		_, ok = v.(bool)
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("%T, want %s", v, typeName(s))
}

func typeName(s *structuralschema.Structural) string {
	if s.Type == "" {
		return "any value"
	}
	return s.Type
}
