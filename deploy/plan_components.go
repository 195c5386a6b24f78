package deploy

import (
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/yamledit"
)

// componentUser is one service whose version lives in an
// environment-wide promotions file.
type componentUser struct {
	svc       string
	key       yamledit.KeyPath
	keyName   string
	generated string // the per-service file generated from it
}

// componentUsers returns every service, in config order, with a file
// target whose Components is set and whose path in env is path.
func componentUsers(c *config.Config, env, path string) ([]componentUser, error) {
	var users []componentUser
	for _, svc := range c.Services {
		for _, f := range svc.Files {
			if f.Components == "" || expandPath(f.Path, svc.Name, env) != path {
				continue
			}
			kp, err := yamledit.ParseKeyPath(f.Key)
			if err != nil {
				return nil, editError(err)
			}
			users = append(users, componentUser{
				svc: svc.Name, key: kp, keyName: f.Key,
				generated: expandPath(f.Components, svc.Name, env),
			})
		}
	}
	return users, nil
}

// planEnvWide edits the environment-wide file at path so that each service
// in values runs its value, and regenerates the per-service file of every
// service that uses it. Promoting one service sets its override;
// promoting all sets the default (see rebalance).
func planEnvWide(c *config.Config, r *repoFiles, set *fileSet, env, path string, values map[string]string, all bool) error {
	data, err := r.read(path)
	if err != nil {
		return inFile(path, err)
	}
	users, err := componentUsers(c, env, path)
	if err != nil {
		return err
	}
	out := data
	if all {
		out, err = rebalance(out, users, values)
	} else {
		out, err = setOverrides(out, users, values)
	}
	if err != nil {
		return inFile(path, err)
	}
	if err := set.put(path, data, out); err != nil {
		return err
	}
	return regenerate(r, set, path, out, users)
}

// setOverrides sets the override of each user that has a value.
func setOverrides(data []byte, users []componentUser, values map[string]string) ([]byte, error) {
	for _, u := range users {
		value, ok := values[u.svc]
		if !ok {
			continue
		}
		var err error
		if data, err = yamledit.SetComponentOverride(data, u.key, u.svc, value); err != nil {
			return nil, editError(err)
		}
	}
	return data, nil
}

// regenerate renders the per-service file of every user from data, the
// environment-wide file at path: the override if present, else the default.
func regenerate(r *repoFiles, set *fileSet, path string, data []byte, users []componentUser) error {
	for _, u := range users {
		value, _, err := yamledit.ReadComponent(data, u.key, u.svc)
		if err != nil {
			return inFile(path, editError(err))
		}
		existing, err := r.readOptional(u.generated)
		if err != nil {
			return err
		}
		out, err := yamledit.RenderComponentFile(existing, u.key, value)
		if err != nil {
			return inFile(u.generated, editError(err))
		}
		if err := set.put(u.generated, existing, out); err != nil {
			return err
		}
	}
	return nil
}
