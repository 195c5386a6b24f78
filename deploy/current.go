package deploy

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/deploy/yamledit"
)

// CurrentVersion returns the version service runs in env according to the
// GitOps repository fsys: the value at each of the service's files, read
// back through its value template. Several files must agree. The version
// is returned in the form the first file holds it (see SameVersion).
//
// It returns a *Error with CodeInvalid for an unknown service or
// environment, a value that does not match its template or a key the file
// lacks; CodeNotFound when a file is missing; CodeConflict when files
// disagree; CodeInternal when a file can't be read.
func CurrentVersion(c *config.Config, fsys fs.FS, service, env string) (Version, error) {
	svc, err := c.ResolveService(service)
	if err != nil {
		return "", err
	}
	e, err := c.ResolveEnvironment(env)
	if err != nil {
		return "", err
	}
	held, err := newRepoFiles(fsys).held(svc, e.Name)
	if err != nil {
		return "", err
	}
	return held[0].version, nil
}

// heldVersion is the version one FileTarget of a service holds.
type heldVersion struct {
	target  config.FileTarget
	path    string // the file, template expanded
	key     yamledit.KeyPath
	keyName string // where the value was found, e.g. components.api.revision
	value   string // the raw scalar
	version Version
	form    valueForm
}

// held reads every file of svc in env and checks that they agree. It
// returns at least one heldVersion, or an error as CurrentVersion does.
func (r *repoFiles) held(svc config.Service, env string) ([]heldVersion, error) {
	if len(svc.Files) == 0 {
		return nil, fault.Errorf(fault.CodeInvalid, "service %s has no files in deploybot.yaml, so deploybot can't tell which version it runs", svc.Name)
	}
	out := make([]heldVersion, 0, len(svc.Files))
	for _, f := range svc.Files {
		h, err := r.heldIn(svc, f, env)
		if err != nil {
			return nil, err
		}
		if first := out; len(first) > 0 && !SameVersion(svc.Version, first[0].version, h.version) {
			return nil, disagree(svc, env, first[0], h)
		}
		out = append(out, h)
	}
	return out, nil
}

// heldIn reads the version one FileTarget holds.
func (r *repoFiles) heldIn(svc config.Service, f config.FileTarget, env string) (heldVersion, error) {
	h := heldVersion{target: f, path: expandPath(f.Path, svc.Name, env), keyName: f.Key, form: newValueForm(svc, f, env)}
	kp, err := yamledit.ParseKeyPath(f.Key)
	if err != nil {
		return h, fmt.Errorf("services.%s.files: %w", svc.Name, editError(err))
	}
	h.key = kp
	data, err := r.read(h.path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, fault.Errorf(fault.CodeNotFound, "%s does not exist, so deploybot can't tell which version of %s runs in %s. Create it, or fix the path of %s in deploybot.yaml.",
			h.path, svc.Name, env, svc.Name)
	}
	if err != nil {
		return h, err
	}
	h.value, h.keyName, err = readTarget(data, f, kp, svc.Name)
	if err != nil {
		return h, inFile(h.path, err)
	}
	v, ok := h.form.read(h.value)
	if !ok {
		return h, h.form.mismatch(h.path, h.keyName, h.value)
	}
	h.version = v
	return h, nil
}

// readTarget returns the scalar a FileTarget names in data, and the key it
// was found at: for an environment-wide file, the service's override if it
// has one, else the default.
func readTarget(data []byte, f config.FileTarget, kp yamledit.KeyPath, service string) (value, keyName string, err error) {
	if f.Components == "" {
		value, err = yamledit.Lookup(data, kp)
		return value, f.Key, editError(err)
	}
	value, overridden, err := yamledit.ReadComponent(data, kp, service)
	err = editError(err)
	if overridden {
		return value, "components." + service + "." + f.Key, err
	}
	return value, f.Key, err
}

// disagree returns the CodeConflict *Error for two files of svc that hold
// different versions.
func disagree(svc config.Service, env string, a, b heldVersion) error {
	return fault.Errorf(fault.CodeConflict, "%s runs no single version in %s: %s has %s: %q (%s) but %s has %s: %q (%s). Make the files agree first.",
		svc.Name, env, a.path, a.keyName, a.value, a.version, b.path, b.keyName, b.value, b.version)
}

// expandPath fills {service} and {env} into a path template.
func expandPath(tmpl, service, env string) string {
	return config.ExpandTemplate(tmpl, map[string]string{"service": service, "env": env})
}
