package standins

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
)

// configData fills testdrive-data/deploybot.yaml.
type configData struct {
	Channel, SlackAPI, GitHubAPI, ArgoCD, Store, Watch string
	Freeze                                             []freezeData
	Services                                           []string // extra services
	People                                             map[string]string
}

type freezeData struct{ Start, End, Reason string }

// writeConfig renders the config template for the running stand-ins into
// opts.Dir/deploybot.yaml and loads it back, so a template mistake shows
// as the config error a person would get.
func writeConfig(opts Options, s *StandIns) (string, *config.Config, error) {
	tmpl, err := template.ParseFS(seed, "deploybot.yaml")
	if err != nil {
		return "", nil, err
	}
	d := configData{Channel: Channel, SlackAPI: s.Slack.APIURL(), GitHubAPI: s.GitHub.URL() + "/api/v3/", ArgoCD: s.Argo.Addr(),
		Store: s.StorePath, Watch: durationText(opts.Watch)}
	for i := 1; i <= opts.Services; i++ {
		d.Services = append(d.Services, ServiceName(i))
	}
	d.People = opts.People
	for _, f := range opts.Freeze {
		d.Freeze = append(d.Freeze, freezeData{Start: f.Start.UTC().Format(time.RFC3339),
			End: f.End.UTC().Format(time.RFC3339), Reason: strings.ReplaceAll(f.Reason, `"`, `'`)})
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, d); err != nil {
		return "", nil, err
	}
	path := filepath.Join(opts.Dir, "deploybot.yaml")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		return "", nil, err
	}
	cfg, err := config.Load(path)
	if err != nil {
		return "", nil, fmt.Errorf("standins: the generated config: %w", err)
	}
	return path, cfg, nil
}

// durationText writes d the way the config reads durations ("20s", "30m").
func durationText(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}
