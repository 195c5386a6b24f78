package deploy

import "github.com/deploybot/deploybot/deploy/yamledit"

// Promoting all services through an environment-wide file.
//
// Each service using the file is to run one value: a moving service its
// new version, any other what it runs now. Per key, the new default is the
// value most of those services run; a tie goes to the current default when
// it is among the tied values, else to the value of the first tied service
// in config order. Every service that runs something else keeps or gets an
// override, and overrides equal to the new default are removed, so the file
// says as little as it can. A file none of whose services moves is left
// alone.

// rebalance sets the defaults and overrides of the environment-wide file
// data so each user runs values[service], or what it runs now when it has
// no entry in values.
func rebalance(data []byte, users []componentUser, values map[string]string) ([]byte, error) {
	for _, group := range groupByKey(users) {
		var err error
		if data, err = rebalanceKey(data, group, values); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// componentState is what one service runs through an environment-wide
// file now and is to run.
type componentState struct {
	have       string
	overridden bool
	want       string
}

// rebalanceKey rebalances one key that users share.
func rebalanceKey(data []byte, users []componentUser, values map[string]string) ([]byte, error) {
	states := make([]componentState, len(users))
	wants := make([]string, len(users))
	moving := false
	for i, u := range users {
		have, overridden, err := yamledit.ReadComponent(data, u.key, u.svc)
		if err != nil {
			return nil, editError(err)
		}
		want, ok := values[u.svc]
		if !ok {
			want = have
		}
		moving = moving || want != have
		states[i] = componentState{have: have, overridden: overridden, want: want}
		wants[i] = want
	}
	if !moving {
		return data, nil
	}
	current, _ := yamledit.Lookup(data, users[0].key) // "" when there is no default yet
	def := mostCommon(wants, current)
	for i, u := range users {
		s := states[i]
		if s.overridden && s.have == s.want || !s.overridden && s.want == def {
			continue // already right, or right once the default is set
		}
		var err error
		if data, err = yamledit.SetComponentOverride(data, u.key, u.svc, s.want); err != nil {
			return nil, editError(err)
		}
	}
	out, err := yamledit.SetComponentDefault(data, users[0].key, def)
	return out, editError(err)
}

// mostCommon returns the value that occurs most often in values; a tie
// goes to preferred when it is among the tied values, else to the first of
// them in order.
func mostCommon(values []string, preferred string) string {
	counts := make(map[string]int, len(values))
	for _, v := range values {
		counts[v]++
	}
	best := ""
	for _, v := range values {
		switch {
		case best == "" || counts[v] > counts[best]:
			best = v
		case counts[v] == counts[best] && v == preferred:
			best = v
		}
	}
	return best
}

// groupByKey splits users by the key they use, in order of first use.
func groupByKey(users []componentUser) [][]componentUser {
	var groups [][]componentUser
	index := map[string]int{}
	for _, u := range users {
		i, ok := index[u.keyName]
		if !ok {
			i = len(groups)
			index[u.keyName] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], u)
	}
	return groups
}
