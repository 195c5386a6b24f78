package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// bbolt's page layout (go.etcd.io/bbolt/internal/common): a 16-byte header
// (id uint64, flags uint16, count uint16, overflow uint32), then elements.
const (
	pageHeader   = 16
	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagFreelist = 0x10
)

func TestOpenDamagedFile(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"ErrTruncated", truncateHalf},
		{"ErrGarbage", writeGarbage(64 << 10)},
		{"ErrTinyGarbage", writeGarbage(100)},
		{"ErrTextFile", writeText},
		{"ErrMetaPages", zeroMetaPages},
		{"ErrPageIDs", eachPage(flagLeaf, func(p []byte) { binary.LittleEndian.PutUint64(p, 0xdeadbeef) })},
		{"ErrPageTypes", eachPage(flagLeaf|flagBranch, func(p []byte) { binary.LittleEndian.PutUint16(p[8:], 0x20) })},
		{"ErrLeafElements", eachPage(flagLeaf, fill(pageHeader, 64, 0xff))},
		{"ErrBranchElements", eachPage(flagBranch, fill(pageHeader, 64, 0x7f))},
		{"ErrReachableFreed", freeTheRoot},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := testPath(t)
			buildStore(t, path)
			tt.damage(t, path)
			_, err := Open(Options{Path: path, Timeout: 200 * time.Millisecond})
			wantCorrupt(t, err, path)
		})
	}
}

func TestOpenEmptyReadOnly(t *testing.T) {
	path := testPath(t)
	buildStore(t, path)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	_, err := Open(Options{Path: path, ReadOnly: true})
	wantCorrupt(t, err, path)
}

func TestCheckWhileOpen(t *testing.T) {
	path := testPath(t)
	buildStore(t, path)
	s := openTest(t, path)
	eachPage(flagLeaf, func(p []byte) { binary.LittleEndian.PutUint64(p, 0xdeadbeef) })(t, path)
	wantCorrupt(t, s.Check(), path)
}

// wantCorrupt checks err is the corrupt-file error for path, with the way
// to restore a backup.
func wantCorrupt(t *testing.T, err error, path string) {
	t.Helper()
	t.Logf("error: %v", err)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want an error wrapping ErrCorrupt", err)
	}
	wantMessage(t, err, "store file "+path+" is damaged",
		"stop deploybot, move "+path+" aside, copy your latest backup (made with \"deploybot backup\") to "+path+", start again")
}

// buildStore writes a store with enough data for branch pages, overflow
// values and a free list, and closes it.
func buildStore(t *testing.T, path string) {
	t.Helper()
	s, err := Open(Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	for batch := range 5 {
		err := s.Update(func(tx *Tx) error {
			for i := range 200 {
				p := promotion(fmt.Sprintf("p%04d", batch*200+i), fmt.Sprintf("svc%d", i%7), "production", batch*200+i, deploy.StateRequested)
				if err := errors.Join(tx.PutPromotion(p), must(tx.AppendAudit(deploy.AuditEvent{At: t0, PromotionID: p.ID, Action: "requested"}))); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	big := promotion("p-big", "api", "production", 1, deploy.StateRequested)
	big.Reason = string(make([]byte, 20000)) // an overflow value
	mustPut(t, s, big)
	closeStore(t, s)
}

func truncateHalf(t *testing.T, path string) {
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
}

func writeGarbage(n int) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		b := make([]byte, n)
		r := rand.NewChaCha8([32]byte{1})
		_, _ = r.Read(b)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func writeText(t *testing.T, path string) {
	if err := os.WriteFile(path, []byte("store:\n  path: /var/lib/deploybot/deploybot.db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func zeroMetaPages(t *testing.T, path string) {
	editFile(t, path, func(b []byte, ps int) { clear(b[:2*ps]) })
}

// eachPage applies edit to every page whose type is one of flags.
func eachPage(flags uint16, edit func(page []byte)) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		n := 0
		editFile(t, path, func(b []byte, ps int) {
			for off := 2 * ps; off+ps <= len(b); off += ps {
				if binary.LittleEndian.Uint16(b[off+8:])&flags != 0 {
					edit(b[off : off+ps])
					n++
				}
			}
		})
		if n == 0 {
			t.Fatalf("no page with flags %#x", flags)
		}
	}
}

// fill returns an edit that sets n bytes from offset off to v.
func fill(off, n int, v byte) func(page []byte) {
	return func(p []byte) {
		for i := off; i < off+n; i++ {
			p[i] = v
		}
	}
}

// freeTheRoot adds the root bucket's page to the free list, damage only
// bbolt's tx.Check finds.
func freeTheRoot(t *testing.T, path string) {
	editFile(t, path, func(b []byte, ps int) {
		meta := 16
		if txid(b[ps+meta:]) > txid(b[meta:]) {
			meta += ps
		}
		root := binary.LittleEndian.Uint64(b[meta+16:])
		fl := int(binary.LittleEndian.Uint64(b[meta+32:])) * ps
		if binary.LittleEndian.Uint16(b[fl+8:]) != flagFreelist || binary.LittleEndian.Uint16(b[fl+10:]) == 0 {
			t.Fatalf("page at %d is not a non-empty free list", fl)
		}
		binary.LittleEndian.PutUint64(b[fl+pageHeader:], root)
	})
}

// txid reads a meta's transaction ID (see common.Meta).
func txid(meta []byte) uint64 { return binary.LittleEndian.Uint64(meta[48:]) }

// editFile applies edit to the whole file and its page size.
func editFile(t *testing.T, path string, edit func(b []byte, pageSize int)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(b, int(binary.LittleEndian.Uint32(b[24:])))
	// Write in place: the file may be mapped by an open store.
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(b, 0); err != nil {
		t.Fatal(errors.Join(err, f.Close()))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
