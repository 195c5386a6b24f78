package yamledit

import (
	"sort"

	"gopkg.in/yaml.v3"
)

// overrideRemovals collects, per map, the entries to delete.
type overrideRemovals struct {
	maps    []*yaml.Node         // in the order first met
	entries map[*yaml.Node][]int // Content index of each key to delete
}

// planClearOverrides adds to plan the removal of every override of key
// under components in document doc that equals value: the override's
// key, and every map above it up to the service's entry that holds
// nothing else. It returns an ErrInvalid *Error for such an override that
// is shared through an anchor, alias or merge key.
func (f *yamlFile) planClearOverrides(plan *yamlPlan, doc int, key KeyPath, value string) error {
	root := f.root(doc)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	ce := lookupMapKey(root, "components")
	if ce.value == nil || ce.dup != nil || ce.merged || ce.value.Kind != yaml.MappingNode {
		return nil
	}
	used := anchorsUsed(f.docs[doc])
	rm := overrideRemovals{entries: map[*yaml.Node][]int{}}
	comps := ce.value
	for i := 0; i+1 < len(comps.Content); i += 2 {
		if isMergeKey(comps.Content[i]) {
			continue
		}
		m, idx, err := overrideToRemove(comps, i, key, value, used)
		if err != nil {
			return err
		}
		if m != nil {
			if _, seen := rm.entries[m]; !seen {
				rm.maps = append(rm.maps, m)
			}
			rm.entries[m] = append(rm.entries[m], idx)
		}
	}
	flat := flattenYAML(f.docs)
	for _, m := range rm.maps {
		if err := f.planRemoveEntries(plan, flat, m, rm.entries[m], ce.key, key); err != nil {
			return err
		}
	}
	return nil
}

// overrideToRemove returns the map and key index to delete when the
// override of key for the service at comps.Content[i] equals value, or a
// nil map when it does not.
func overrideToRemove(comps *yaml.Node, i int, key KeyPath, value string, used map[*yaml.Node]bool) (*yaml.Node, int, error) {
	maps, idxs := []*yaml.Node{comps}, []int{i}
	n, shared := comps.Content[i+1], false
	for _, seg := range key {
		shared = shared || n.Kind == yaml.AliasNode || used[n]
		if n = resolveAlias(n); n == nil || n.Kind != yaml.MappingNode {
			return nil, 0, nil
		}
		e := lookupMapKey(n, seg.Key)
		if e.value == nil || e.dup != nil {
			return nil, 0, nil
		}
		shared = shared || e.merged
		maps, idxs, n = append(maps, n), append(idxs, e.index), e.value
	}
	shared = shared || n.Kind == yaml.AliasNode || n.Anchor != ""
	if n = resolveAlias(n); n == nil || n.Kind != yaml.ScalarNode || n.Value != value {
		return nil, 0, nil
	}
	if shared {
		return nil, 0, invalidf("key components.%s.%s: equals the new default, but it is shared through an anchor, alias or merge key (<<); remove it by hand",
			comps.Content[i].Value, key)
	}
	j := len(maps) - 1
	for j > 0 && len(maps[j].Content) == 2 {
		j--
	}
	return maps[j], idxs[j], nil
}

// planRemoveEntries adds to plan the deletion of the entries of map m at
// Content indexes idxs. A block map emptied this way becomes `{}` after
// its key parentKey.
func (f *yamlFile) planRemoveEntries(plan *yamlPlan, flat flatYAML, m *yaml.Node, idxs []int, parentKey *yaml.Node, path KeyPath) error {
	sort.Ints(idxs)
	for _, i := range idxs {
		plan.expect.removed = append(plan.expect.removed, flat.paths[m.Content[i+1]])
	}
	all := len(idxs) == len(m.Content)/2
	if all {
		plan.expect.loose[flat.paths[m]] = flatNode{kind: yaml.MappingNode}
	}
	if m.Style&yaml.FlowStyle != 0 {
		return f.flowRemove(plan, m, idxs, path)
	}
	return f.blockRemove(plan, m, idxs, all, parentKey, path)
}
