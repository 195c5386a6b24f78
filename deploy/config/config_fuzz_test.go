package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics and returns either
// a Config or a *FileError with at least one problem, each with a
// message. Seeds are the sample files and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"good.yaml", "bad.yaml"} {
		data, err := os.ReadFile(filepath.Join(configTestdata, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimalConfig))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		if err == nil {
			if cfg == nil || len(cfg.Environments) == 0 || len(cfg.Services) == 0 {
				t.Fatalf("no error but config %+v", cfg)
			}
			_ = cfg.Summary()
			return
		}
		var ce *FileError
		if !errors.As(err, &ce) || len(ce.Problems) == 0 || cfg != nil {
			t.Fatalf("got %v, %T %v; want a *FileError with problems", cfg, err, err)
		}
		for _, p := range ce.Problems {
			if p.Message == "" {
				t.Fatalf("problem without a message: %+v", p)
			}
		}
	})
}
