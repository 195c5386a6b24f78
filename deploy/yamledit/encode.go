package yamledit

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// scalarText returns how value is written in the quoting style of the
// scalar h names: plain, 'single' or "double". It returns an ErrInvalid
// *Error naming path when the style cannot hold value unchanged.
func scalarText(h yamlHit, value string, path KeyPath) (string, error) {
	n := h.node
	if !utf8.ValidString(value) {
		return "", invalidf("key %s: the new value is not valid UTF-8", path)
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return quoteDouble(value), nil
	case n.Style&yaml.SingleQuotedStyle != 0:
		if hasBreakOrControl(value, true) {
			return "", invalidf("key %s: %q cannot be written in single quotes: it contains a line break or a control character", path, clip(value))
		}
		return "'" + strings.ReplaceAll(value, "'", "''") + "'", nil
	}
	if why := plainProblem(value, h.flow); why != "" {
		return "", invalidf("key %s: %q cannot be written unquoted here: %s; quote the current value in the file (%s: \"%s\") and deploybot will keep the quotes",
			path, clip(value), why, lastKey(path), clip(n.Value))
	}
	if why := plainTypeProblem(n, value, h.flow); why != "" {
		return "", invalidf("key %s: %q cannot be written unquoted here: %s; quote the current value in the file (%s: \"%s\") and deploybot will keep the quotes",
			path, clip(value), why, lastKey(path), clip(n.Value))
	}
	return value, nil
}

// quoteDouble returns s as a YAML double-quoted scalar on one line.
func quoteDouble(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 0:
			b.WriteString(`\0`)
		case 0x85:
			b.WriteString(`\N`)
		case 0x2028:
			b.WriteString(`\L`)
		case 0x2029:
			b.WriteString(`\P`)
		default:
			writeDoubleRune(&b, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeDoubleRune writes r as itself when YAML prints it, else escaped.
func writeDoubleRune(b *strings.Builder, r rune) {
	switch {
	case isYAMLPrintable(r):
		b.WriteRune(r)
	case r <= 0xff:
		fmt.Fprintf(b, `\x%02X`, r)
	case r <= 0xffff:
		fmt.Fprintf(b, `\u%04X`, r)
	default:
		fmt.Fprintf(b, `\U%08X`, r)
	}
}

// isYAMLPrintable reports whether r may appear as itself in a YAML scalar
// on one line (tab and the line breaks excluded).
func isYAMLPrintable(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0x7e:
		return true
	case r >= 0xa0 && r <= 0xd7ff:
		return r != 0x2028 && r != 0x2029
	case r >= 0xe000 && r <= 0xfffd:
		return r != 0xfeff
	}
	return r >= 0x10000 && r <= 0x10ffff
}

// hasBreakOrControl reports whether s holds a rune a one-line scalar
// cannot show as itself; tabAllowed lets tabs through.
func hasBreakOrControl(s string, tabAllowed bool) bool {
	for _, r := range s {
		if !isYAMLPrintable(r) && !(tabAllowed && r == '\t') {
			return true
		}
	}
	return false
}
