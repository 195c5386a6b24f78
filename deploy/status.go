package deploy

import (
	"io/fs"
	"slices"

	"github.com/deploybot/deploybot/deploy/config"
)

// StatusTable is the version every service runs in every environment,
// as the GitOps repository says.
type StatusTable struct {
	Envs []string    // environment names, in config order
	Rows []StatusRow // one per service, in config order
}

// StatusRow is one service's versions, one cell per environment.
type StatusRow struct {
	Service string
	Cells   []StatusCell // in the order of StatusTable.Envs
}

// StatusCell is what one service runs in one environment.
type StatusCell struct {
	Version Version // empty when it can't be read
	Err     string  // why the version can't be read, fit to show; empty if it can
	// DiffersFromUpstream is set when the environment has an upstream
	// (`after`) whose version is known and is not the same version.
	DiffersFromUpstream bool
}

// Status reads the version of every service in every environment from the
// GitOps repository fsys. It does not fail: a version that can't be read
// is a cell with Err set to the whole error (file paths and keys, nothing
// secret).
func Status(c *config.Config, fsys fs.FS) StatusTable {
	r := newRepoFiles(fsys)
	t := StatusTable{Envs: c.EnvironmentNames(), Rows: make([]StatusRow, len(c.Services))}
	for i, svc := range c.Services {
		row := StatusRow{Service: svc.Name, Cells: make([]StatusCell, len(c.Environments))}
		for j, e := range c.Environments {
			held, err := r.held(svc, e.Name)
			if err != nil {
				row.Cells[j].Err = err.Error()
				continue
			}
			row.Cells[j].Version = held[0].version
		}
		markUpstream(c, svc, row.Cells)
		t.Rows[i] = row
	}
	return t
}

// markUpstream sets DiffersFromUpstream in the cells of one service.
func markUpstream(c *config.Config, svc config.Service, cells []StatusCell) {
	for j, e := range c.Environments {
		up := slices.IndexFunc(c.Environments, func(u config.Environment) bool { return u.Name == e.After })
		if e.After == "" || up < 0 || cells[j].Version == "" || cells[up].Version == "" {
			continue
		}
		cells[j].DiffersFromUpstream = !SameVersion(svc.Version, cells[j].Version, cells[up].Version)
	}
}
