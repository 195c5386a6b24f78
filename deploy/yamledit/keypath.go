package yamledit

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// KeySegment is one step of a KeyPath: a map key, then optionally a list
// index or a [field=value] selector applied to the value under that key.
// Key is empty for a step that applies its index or selector to the current
// node itself: the second bracket of a[0][1], or a path starting with [0].
type KeySegment struct {
	Key      string
	Index    int    // list index, or -1 for none
	SelField string // with SelValue: the list item whose SelField is SelValue
	SelValue string
}

// KeyPath locates one scalar in a YAML document, as written in the
// `files[].key` of deploybot.yaml: dot-separated map keys, [N] for a list index, and
// [field=value] for the list item whose field has that value, like
// spec.template.spec.containers[name=web].image. Build one with ParseKeyPath.
type KeyPath []KeySegment

// maxKeyPathIndex bounds a [N] index; no GitOps file has a longer list.
const maxKeyPathIndex = 1_000_000

// ParseKeyPath parses a key path such as images[name=api].newTag. Keys and
// selector fields may hold any printable character but . [ ] = quotes,
// braces and spaces; selector values may also hold dots. It returns an
// ErrInvalid *Error naming the character where the path goes wrong.
func ParseKeyPath(s string) (KeyPath, error) {
	if s == "" {
		return nil, invalidf("the key path is empty; write one like image.tag")
	}
	if !utf8.ValidString(s) {
		return nil, invalidf("the key path %q is not valid UTF-8", s)
	}
	kp := &keyPathParser{s: s}
	var path KeyPath
	for {
		key := kp.run(isKeyRune)
		if key == "" && (len(path) > 0 || kp.peek() != '[') {
			return nil, kp.errorf("expected a map key")
		}
		seg := KeySegment{Key: key, Index: -1}
		for n := 0; kp.peek() == '['; n++ {
			if n > 0 {
				path = append(path, seg)
				seg = KeySegment{Index: -1}
			}
			if err := kp.bracket(&seg); err != nil {
				return nil, err
			}
		}
		path = append(path, seg)
		if kp.i == len(s) {
			return path, nil
		}
		if kp.peek() != '.' {
			return nil, kp.errorf("unexpected %q", kp.peek())
		}
		kp.i++
	}
}

// String renders the path as ParseKeyPath reads it.
func (p KeyPath) String() string {
	var b strings.Builder
	for i, seg := range p {
		if seg.Key != "" {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(seg.Key)
		}
		switch {
		case seg.Index >= 0:
			b.WriteString("[" + strconv.Itoa(seg.Index) + "]")
		case seg.SelField != "":
			b.WriteString("[" + seg.SelField + "=" + seg.SelValue + "]")
		}
	}
	return b.String()
}

// Plain reports whether p is a non-empty dotted path of map keys, without
// list indexes or selectors, like image.tag: the kind of key the
// components functions take, as they repeat it below components.<name>.
func (p KeyPath) Plain() bool {
	for _, seg := range p {
		if seg.Key == "" || seg.Index >= 0 || seg.SelField != "" {
			return false
		}
	}
	return len(p) > 0
}

// keyPathParser is ParseKeyPath's position in the text.
type keyPathParser struct {
	s string
	i int // byte offset of the next rune
}

// peek returns the next rune, or 0 at the end.
func (kp *keyPathParser) peek() rune {
	if kp.i >= len(kp.s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(kp.s[kp.i:])
	return r
}

// run consumes and returns the longest run of runes for which ok holds.
func (kp *keyPathParser) run(ok func(rune) bool) string {
	start := kp.i
	for kp.i < len(kp.s) {
		r, size := utf8.DecodeRuneInString(kp.s[kp.i:])
		if !ok(r) {
			break
		}
		kp.i += size
	}
	return kp.s[start:kp.i]
}

// bracket parses [N] or [field=value] into seg.
func (kp *keyPathParser) bracket(seg *KeySegment) error {
	kp.i++ // '['
	start := kp.i
	if n := kp.run(isKeyPathDigit); n != "" && !isKeyRune(kp.peek()) { // not a field like 1x
		if len(n) > 1 && n[0] == '0' {
			return kp.errorf("the index %s has a leading zero", n)
		}
		v, err := strconv.Atoi(n)
		if err != nil || v > maxKeyPathIndex {
			return kp.errorf("the index %s is too large", n)
		}
		seg.Index = v
		return kp.close()
	}
	kp.i = start
	field := kp.run(isKeyRune)
	if len(field) > 1 && field[0] == '-' && kp.peek() == ']' && strings.Trim(field[1:], "0123456789") == "" {
		return kp.errorf("a list index cannot be negative")
	}
	if field == "" {
		return kp.errorf("expected a list index like [0] or a selector like [name=web]")
	}
	if kp.peek() != '=' {
		return kp.errorf("expected = after the selector field %q, like [name=web]", field)
	}
	kp.i++
	value := kp.run(isSelectorValueRune)
	if value == "" {
		return kp.errorf("expected the value to select after %s=, like [%s=web]", field, field)
	}
	seg.SelField, seg.SelValue = field, value
	return kp.close()
}

// close consumes the ']' that ends a bracket.
func (kp *keyPathParser) close() error {
	if kp.peek() != ']' {
		return kp.errorf("expected ]")
	}
	kp.i++
	return nil
}

// errorf returns an *Error pointing at the current character.
func (kp *keyPathParser) errorf(format string, args ...any) error {
	what := strings.TrimSpace(invalidf(format, args...).Message)
	at := "at the end"
	if kp.i < len(kp.s) {
		at = "at character " + strconv.Itoa(utf8.RuneCountInString(kp.s[:kp.i])+1)
	}
	return invalidf("the key path %q is not valid %s: %s; write map keys separated by dots, [N] for a list item or [field=value] to pick one, like spec.template.spec.containers[name=web].image", kp.s, at, what)
}

// isKeyRune reports whether r may appear in a map key or selector field.
func isKeyRune(r rune) bool {
	return r != ' ' && r != utf8.RuneError && unicode.IsPrint(r) && !strings.ContainsRune(".[]=\"'{}", r)
}

// isSelectorValueRune reports whether r may appear in a selector value,
// which may also hold dots (an image name like ghcr.io/acme/api).
func isSelectorValueRune(r rune) bool { return r == '.' || isKeyRune(r) }

func isKeyPathDigit(r rune) bool { return r >= '0' && r <= '9' }
