package yamledit

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// plainProblem returns why v cannot be written as a plain (unquoted)
// scalar that reads back as exactly v, in block or flow context, or "".
func plainProblem(v string, flow bool) string {
	switch {
	case v == "":
		return "it is empty"
	case strings.Trim(v, " \t") != v:
		return "it starts or ends with a space"
	case hasBreakOrControl(v, false):
		return "it contains a line break, a tab or a control character"
	case strings.Contains(v, ": ") || strings.HasSuffix(v, ":"):
		return `it contains ": ", which YAML reads as a key`
	case strings.Contains(v, " #"):
		return `it contains " #", which YAML reads as a comment`
	case flow && strings.ContainsAny(v, ",[]{}"):
		return "it contains one of , [ ] { }, which end a value inside [ ] or { }"
	case startsWithIndicator(v, flow):
		return fmt.Sprintf("it starts with %q, which YAML reads as syntax", v[:1])
	case strings.HasPrefix(v, "---") || strings.HasPrefix(v, "..."):
		return "it starts with a document marker"
	case trialPlain(v, flow) == nil:
		return "YAML would read it back differently"
	}
	return ""
}

// startsWithIndicator reports whether v starts with a YAML indicator that
// keeps it from being a plain scalar; - ? : may start one when a safe
// character follows.
func startsWithIndicator(v string, flow bool) bool {
	c := v[0]
	if !strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(c)) {
		return false
	}
	if c != '-' && c != '?' && c != ':' || len(v) < 2 {
		return true
	}
	next := v[1]
	return next == ' ' || next == '\t' || flow && strings.IndexByte(",[]{}", next) >= 0
}

// trialPlain parses v written plain in a small document of the same
// context and returns the scalar it reads as, or nil when that is not one
// plain scalar with value v.
func trialPlain(v string, flow bool) *yaml.Node {
	docs := []string{"k: " + v + "\n", "- " + v + "\n"}
	if flow {
		docs = []string{"{k: " + v + "}\n", "[" + v + "]\n"}
	}
	var got *yaml.Node
	for _, doc := range docs {
		parsed, err := decodeYAMLDocs([]byte(doc))
		if err != nil || len(parsed) != 1 || len(parsed[0].Content) != 1 {
			return nil
		}
		c := parsed[0].Content[0].Content
		if len(c) == 0 {
			return nil
		}
		n := c[len(c)-1]
		if n.Kind != yaml.ScalarNode || n.Style != 0 || n.Value != v {
			return nil
		}
		got = n
	}
	return got
}

// plainTypeProblem returns why the plain value v would not be read as the
// same kind of value as the plain scalar n it replaces, or "": a string
// must stay a string, also for YAML 1.1 readers such as Helm and kubectl,
// which read yes, on, 0x1F or 1_000 as booleans and numbers.
func plainTypeProblem(n *yaml.Node, v string, flow bool) string {
	if n.Style&yaml.TaggedStyle != 0 {
		return "" // an explicit tag decides the type
	}
	trial := trialPlain(v, flow)
	if trial == nil {
		return "YAML would read it back differently"
	}
	if trial.Tag != "!!str" && trial.Tag != n.Tag {
		return "YAML would read it as " + tagNoun(trial.Tag) + ", not as text"
	}
	if trial.Tag == "!!str" && yaml11Typed.MatchString(v) && !yaml11Typed.MatchString(n.Value) {
		return "YAML 1.1 tools such as Helm and kubectl would read it as a boolean, number or null, not as text"
	}
	return ""
}

// tagNoun describes a resolved YAML tag for a message.
func tagNoun(tag string) string {
	switch tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true or false"
	case "!!null":
		return "null (no value)"
	case "!!timestamp":
		return "a timestamp"
	case "!!merge":
		return "a merge key"
	}
	return "a " + tag
}

// yaml11Typed matches the plain scalars YAML 1.1 reads as booleans, nulls
// or numbers (https://yaml.org/type/), plus the float form go-yaml v2 uses.
var yaml11Typed = regexp.MustCompile(`^(?:` +
	`[yY]|[yY]es|YES|[nN]|[nN]o|NO|[tT]rue|TRUE|[fF]alse|FALSE|[oO]n|ON|[oO]ff|OFF|~|[nN]ull|NULL|` +
	`[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+|` +
	`[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|` +
	`[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|` +
	`[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?` +
	`)$`)
