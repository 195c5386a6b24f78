package store

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy/fault"
)

// DefaultTimeout is how long Open waits for another process to release the
// store file when Options.Timeout is zero or negative.
const DefaultTimeout = 3 * time.Second

// Options configures Open.
type Options struct {
	// Path is the bbolt file (config key store.path). Required.
	Path string
	// Timeout is how long Open waits for the file lock held by another
	// deploybot; zero or negative means DefaultTimeout.
	Timeout time.Duration
	// ReadOnly opens an existing store with a shared lock: several readers
	// may open it together, no writer may, and every write fails.
	ReadOnly bool
	// Logger receives what the store reports on open and close; nil
	// discards it.
	Logger *slog.Logger
}

// Store is deploybot's state in one bbolt file. It is safe for concurrent
// use; writes are serialised by bbolt, reads run in parallel with them.
type Store struct {
	db       *bolt.DB
	path     string
	readOnly bool
	log      *slog.Logger
}

// Open opens the store at opts.Path, creating its directory (0700) and file
// (0600) unless opts.ReadOnly. It waits at most opts.Timeout for the file
// lock, checks the whole file's consistency and its schema version. If,
// once it holds the lock, another file has been renamed to opts.Path (as
// deploybot restore does while Open waits), it closes the file it holds
// and opens opts.Path again, so it never runs on a replaced store.
//
// Errors: CodeInvalid if Path is empty; CodeNotFound if ReadOnly and the
// file is missing; CodeUnavailable wrapping ErrLocked if another process
// holds the file; CodeUnavailable, saying so, if the file was replaced
// each of the 3 times Open opened it; CodeInternal wrapping ErrCorrupt,
// naming the file and how to restore a backup, if the file is truncated,
// damaged or not a deploybot store; CodeInternal if it was written by a
// newer deploybot.
func Open(opts Options) (*Store, error) {
	if opts.Path == "" {
		return nil, invalidf("store.path is empty; set it to the file deploybot keeps its state in")
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	db, err := openFile(opts.Path, timeout, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: opts.Path, readOnly: opts.ReadOnly,
		log: logger.With("component", "store", "path", opts.Path)}
	if err := s.prepare(); err != nil {
		return nil, closeAfter(db, err)
	}
	s.log.Info("store opened", "readOnly", opts.ReadOnly, "took", time.Since(start))
	return s, nil
}

// prepare checks a freshly opened file and its schema, and sets up the
// schema in an empty file. Nothing else uses the DB yet, so the check can
// run in a read transaction (see checkTx).
func (s *Store) prepare() error {
	var empty bool
	var version uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		if err := checkTx(tx, s.path); err != nil {
			return err
		}
		var err error
		empty, version, err = checkSchema(tx)
		return err
	})
	switch {
	case err != nil:
		return asCorrupt(s.path, err)
	case !empty && (version == schemaVersion || s.readOnly):
		return nil
	case !empty:
		s.log.Info("store upgraded", "path", s.path, "from_schema", version, "to_schema", schemaVersion)
		return s.db.Update(migrate)
	case s.readOnly:
		return fault.Errorf(fault.CodeNotFound,
			"store file %s holds no deploybot data yet; start deploybot serve once to create it", s.path)
	}
	return s.db.Update(createSchema)
}

// closeAfter closes db after a failed open and returns err, joined with
// the close error if there is one.
func closeAfter(db *bolt.DB, err error) error {
	if cerr := db.Close(); cerr != nil {
		return errors.Join(err, fmt.Errorf("store: close after failed open: %w", cerr))
	}
	return err
}

// Close waits for running transactions, then closes the file and releases
// its lock. It returns the error of closing the file, if any.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	s.log.Info("store closed")
	return nil
}

// Path returns the file the store was opened from, as given in Options.
func (s *Store) Path() string { return s.path }

// Check runs the same consistency check as Open over the whole file, while
// the store is in use. Writers wait while it runs (bbolt's check is only
// safe alongside a writer when it runs in a write transaction). It returns
// a CodeInternal error wrapping ErrCorrupt, naming the file and how to
// restore it, if the file is damaged, and bbolt's error if the store is
// closed.
func (s *Store) Check() error {
	start := time.Now()
	var err error
	if s.readOnly {
		err = s.db.View(func(tx *bolt.Tx) error { return checkTx(tx, s.path) })
	} else {
		err = checkWritable(s.db, s.path)
	}
	if err != nil {
		return asCorrupt(s.path, err)
	}
	s.log.Debug("store checked", "took", time.Since(start))
	return nil
}

// checkWritable checks the file in a write transaction it rolls back.
func checkWritable(db *bolt.DB, path string) error {
	tx, err := db.Begin(true)
	if err != nil {
		return fmt.Errorf("store: begin check of %s: %w", path, err)
	}
	err = checkTx(tx, path)
	if rerr := tx.Rollback(); rerr != nil && err == nil {
		err = fmt.Errorf("store: end check of %s: %w", path, rerr)
	}
	return err
}

// asCorrupt turns an error that wraps ErrCorrupt into the error that names
// the file and the way to restore it; other errors pass unchanged.
func asCorrupt(path string, err error) error {
	if errors.Is(err, ErrCorrupt) {
		return corruptError(path, err)
	}
	return err
}
