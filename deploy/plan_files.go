package deploy

import (
	"bytes"
	"slices"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/deploy/yamledit"
)

// fileSet collects the new content of the files a plan changes.
type fileSet struct {
	changes map[string]FileChange
}

// put records that path goes from old (nil: missing) to new; a file whose
// bytes stay the same is not recorded. It returns a CodeInternal *Error when
// the plan already changes path in another way.
func (s *fileSet) put(path string, old, new []byte) error {
	if old != nil && bytes.Equal(old, new) {
		return nil
	}
	if prev, dup := s.changes[path]; dup && !bytes.Equal(prev.New, new) {
		return fault.Errorf(fault.CodeInternal, "%s would be edited twice in one promotion: two services' files in deploybot.yaml name the same file and key", path)
	}
	s.changes[path] = FileChange{Path: path, Old: old, New: new}
	return nil
}

// sorted returns the changes ordered by path.
func (s *fileSet) sorted() []FileChange {
	out := make([]FileChange, 0, len(s.changes))
	for _, ch := range s.changes {
		out = append(out, ch)
	}
	slices.SortFunc(out, func(a, b FileChange) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// planFiles computes the new content of every file the moving services
// touch: one yamledit.Edit call per ordinary file, and for environment-wide
// files the default or overrides plus the regenerated per-service files.
func planFiles(c *config.Config, r *repoFiles, env string, moves []move, all bool) ([]FileChange, error) {
	var plainOrder, wideOrder []string
	plain := map[string][]yamledit.Change{}
	wide := map[string]map[string]string{} // file -> service -> value
	for _, m := range moves {
		if !m.moving() {
			continue
		}
		for _, h := range m.held {
			value := h.form.render(m.to, h.version)
			if h.target.Components != "" {
				if wide[h.path] == nil {
					wide[h.path] = map[string]string{}
					wideOrder = append(wideOrder, h.path)
				}
				wide[h.path][m.svc.Name] = value
				continue
			}
			if plain[h.path] == nil {
				plainOrder = append(plainOrder, h.path)
			}
			plain[h.path] = append(plain[h.path], yamledit.Change{Path: h.key, Value: value})
		}
	}
	set := &fileSet{changes: map[string]FileChange{}}
	for _, path := range plainOrder {
		if err := editPlain(r, set, path, plain[path]); err != nil {
			return nil, err
		}
	}
	for _, path := range wideOrder {
		if err := planEnvWide(c, r, set, env, path, wide[path], all); err != nil {
			return nil, err
		}
	}
	return set.sorted(), nil
}

// editPlain applies all edits of one ordinary file in one yamledit.Edit call.
func editPlain(r *repoFiles, set *fileSet, path string, edits []yamledit.Change) error {
	data, err := r.read(path)
	if err != nil {
		return inFile(path, err)
	}
	out, err := yamledit.Edit(data, edits...)
	if err != nil {
		return inFile(path, editError(err))
	}
	return set.put(path, data, out)
}
