package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// write runs fn in a transaction on behalf of the actor in ctx, who must
// hold at least role min (EUNAUTHORIZED without an actor, EFORBIDDEN with a
// lower role). This is where the store enforces who may change what.
func (s *Store) write(ctx context.Context, min crm.Role, op string, fn func(tx *sql.Tx, a crm.Actor) error) error {
	a, err := crm.Require(ctx, min)
	if err != nil {
		return err
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	defer tx.Rollback()
	if err := fn(tx, a); err != nil {
		if crm.ErrorCode(err) != crm.EINTERNAL {
			return err
		}
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", op, err)
	}
	return nil
}

// lockKeys makes writers that give records the same keys (external ids,
// identities, domains; named by keyOf) take turns: on PostgreSQL it takes
// a lock on each until the transaction ends, so that a writer checks a key
// only once another that may be writing it has committed. PostgreSQL's
// unique keys hold within an account only (they include account_id, for
// Citus: docs/scale.md); across accounts the store keeps keys unique,
// imports by taking turns (importLock), other writes by this. SQLite has
// one writer at a time. An empty key (no external id) is not locked.
func (s *Store) lockKeys(ctx context.Context, tx *sql.Tx, keys ...string) error {
	if !s.postgres {
		return nil
	}
	keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == "" })
	slices.Sort(keys) // always in one order: two writers cannot deadlock
	for _, k := range slices.Compact(keys) {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, k); err != nil {
			return fmt.Errorf("store: lock key: %w", err)
		}
	}
	return nil
}

// keyOf names a key for lockKeys: kind and parts, or "" when the last part,
// the key's value, is empty.
func keyOf(kind string, parts ...string) string {
	if len(parts) == 0 || parts[len(parts)-1] == "" {
		return ""
	}
	return kind + "\x1f" + strings.Join(parts, "\x1f")
}

// The create, update and delete of single records behind the JSON API and
// the web pages (CreateAccount, UpdateOrder, … in the entity's file) act
// for the actor in the context (staff or admin), run in one transaction
// (write) and leave an audit entry with the record before and after.

// WebSource is the source of records entered by hand, in the web
// application's pages or through its API.
const WebSource = "web"

// newExternalID makes an external id for a record created through the API
// without one: unique in practice, and never one an importer makes.
func newExternalID(a crm.Actor) string {
	return fmt.Sprintf("api-%d-%d", time.Now().UnixNano(), a.UserID)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}
