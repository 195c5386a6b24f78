package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseComponents(t *testing.T) {
	cfg, err := Parse("t.yaml", []byte(withDefaults(`
services:
  api:
    version: sha
    files:
      - path: "promotions/{env}.yaml"
        key: revision
        components: "promotions/{env}/{service}.yaml"
      - {path: "envs/{env}/api.yaml", key: image.tag}`)))
	if err != nil {
		t.Fatal(err)
	}
	want := []FileTarget{
		{Path: "promotions/{env}.yaml", Key: "revision", Value: "{version}", Components: "promotions/{env}/{service}.yaml"},
		{Path: "envs/{env}/api.yaml", Key: "image.tag", Value: "{version}"},
	}
	if diff := cmp.Diff(want, cfg.Services[0].Files); diff != "" {
		t.Errorf("files mismatch (-want +got):\n%s", diff)
	}
}

func TestParseRejectsComponents(t *testing.T) {
	svc := "\nservices:\n  api:\n    version: sha\n    files:\n"
	runRejectCases(t, []rejectCase{
		{name: "ErrNoService", yaml: svc + `      - {path: "promotions/{env}.yaml", key: revision, components: "promotions/{env}/api.yaml"}`,
			want: one("services.api.files[0].components", 5, `"promotions/{env}/api.yaml" has no {service}, so every service would write the same generated file`)},
		{name: "ErrAbsolute", yaml: svc + `      - {path: "promotions/{env}.yaml", key: revision, components: "/promotions/{env}/{service}.yaml"}`,
			want: one("services.api.files[0].components", 5, "must be relative to the repository root")},
		{name: "ErrVersionPlaceholder", yaml: svc + `      - {path: "promotions/{env}.yaml", key: revision, components: "p/{env}/{service}-{version}.yaml"}`,
			want: one("services.api.files[0].components", 5, "uses {version}, which is not a placeholder here: it may use {service} and {env}")},
		{name: "ErrSameAsPath", yaml: svc + `      - {path: "p/{env}/{service}.yaml", key: revision, components: "p/{env}/{service}.yaml"}`,
			want: one("services.api.files[0].components", 5, "is the same as path")},
		{name: "ErrSelectorKey", yaml: svc + "      - path: \"promotions/{env}.yaml\"\n        key: \"images[name=api].newTag\"\n        components: \"promotions/{env}/{service}.yaml\"",
			want: one("services.api.files[0].key", 6, `"images[name=api].newTag" must be a plain dotted path like revision when components is set`)},
		{name: "ErrNotSHA", yaml: "\nservices:\n  api:\n    files:\n      - path: \"promotions/{env}.yaml\"\n        key: revision\n        components: \"promotions/{env}/{service}.yaml\"",
			want: one("services.api.files[0].components", 6, "needs version: sha, because an environment-wide promotions file pins full commit SHAs")},
		{name: "ErrNotString", yaml: svc + `      - {path: "promotions/{env}.yaml", key: revision, components: [a]}`,
			want: one("services.api.files[0].components", 5, "must be a string, not a list")},
	})
}
