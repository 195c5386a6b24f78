package yamledit

import "gopkg.in/yaml.v3"

// resolveAlias follows an alias (*name) to the node it names.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isNullNode reports whether n is an empty value (key:, ~, null).
func isNullNode(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// Describe says in words what kind of value n is ("a mapping", "a list",
// "empty", "a number", "true/false", "a timestamp", "a string"), for
// messages like "is a list, not a scalar".
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "true/false"
		case "!!timestamp":
			return "a timestamp"
		}
		return "a string"
	}
	return "an unsupported YAML node"
}
