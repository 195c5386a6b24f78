package testdrive

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/store"
)

// TestDriveStartFails: when serve cannot start (another process holds the
// store), Start returns serve's startup error and no serve keeps running.
func TestDriveStartFails(t *testing.T) {
	ctx := context.Background()
	d, err := NewDrive(ctx, standins.Options{Dir: t.TempDir(), Watch: time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil)), Tick)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	held, err := store.Open(store.Options{Path: d.SI.Config.Store.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	err = d.Start(ctx)
	const want = "serve stopped while starting: serve cannot start; 1 problem(s):"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), d.SI.Config.Store.Path) {
		t.Fatalf("Start = %v, want %q naming the store %s", err, want, d.SI.Config.Store.Path)
	}
	if d.cancel != nil {
		t.Error("Start failed but the drive still counts serve as running")
	}
}
