package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
	"gopkg.in/yaml.v3"
)

// Parse parses and validates one deploybot.yaml document held in data.
// name is the file's name as shown in error messages. It returns the Config
// with defaults applied, or a *FileError listing every problem found, each
// with the key it concerns, its line and how to fix it.
func Parse(name string, data []byte) (*Config, error) {
	p := &configParser{lines: map[string]int{}}
	cfg := p.parse(data)
	if len(p.problems) > 0 {
		return nil, &FileError{File: name, Problems: p.result()}
	}
	return cfg, nil
}

// Load reads the file at path and parses it with Parse. It
// returns a *FileError for an invalid file, or a *fault.Error with CodeInvalid
// when the file cannot be read.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fault.Errorf(fault.CodeInvalid, "cannot read the config file: %w", err)
	}
	return Parse(path, data)
}

// configParser collects the problems found while walking one config file.
type configParser struct {
	problems []Problem
	lines    map[string]int            // line of each key path seen, for cross-checks
	zones    map[string]*time.Location // time zones loaded so far
}

// addf records a problem. Anything that looks like a secret is redacted
// from the key and message, so a token never reaches a log.
func (p *configParser) addf(key string, line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{
		Key:     redactSecrets(key),
		Line:    line,
		Message: redactSecrets(fmt.Sprintf(format, args...)),
	})
}

// result returns the problems ordered by line, without repeats (a YAML
// alias can make the same node be checked twice).
func (p *configParser) result() []Problem {
	seen := make(map[Problem]bool, len(p.problems))
	out := make([]Problem, 0, len(p.problems))
	for _, pr := range p.problems {
		if !seen[pr] {
			seen[pr] = true
			out = append(out, pr)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// parse walks the whole file; the Config it returns is only meaningful when
// no problem was recorded.
func (p *configParser) parse(data []byte) *Config {
	doc := p.document(data)
	if doc == nil {
		return nil
	}
	p.scanSecrets(doc)
	cfg := &Config{}
	p.topLevel(resolveAlias(doc.Content[0]), cfg)
	p.validate(cfg)
	return cfg
}

// document decodes data into exactly one non-empty YAML document node.
func (p *configParser) document(data []byte) (doc *yaml.Node) {
	defer func() {
		if r := recover(); r != nil { // yaml.v3 has panicked on hostile input before
			p.addf("", 0, "cannot parse the file as YAML (%v)", r)
			doc = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		d := new(yaml.Node)
		err := dec.Decode(d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p.syntaxError(err)
			return nil
		}
		if len(d.Content) > 0 && !isNullNode(d.Content[0]) {
			docs = append(docs, d)
		}
	}
	switch len(docs) {
	case 0:
		p.addf("", 0, "the file is empty; expected a mapping with the sections %s", strings.Join(topLevelKeys, ", "))
		return nil
	case 1:
		return docs[0]
	}
	p.addf("", docs[1].Content[0].Line, "a second YAML document starts here; deploybot.yaml must be a single document: remove the --- separator and merge or delete the rest")
	return nil
}

var yamlLineError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError records a YAML syntax error with its line when it has one.
func (p *configParser) syntaxError(err error) {
	msg := err.Error()
	line := 0
	if m := yamlLineError.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	p.addf("", line, "invalid YAML: %s; check the indentation and quoting here", msg)
}
