package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/testkit"
)

// The schema's readiness for Citus (docs/scale.md). Citus cannot be
// installed here, so these tests hold the PostgreSQL schema, as the
// migrations leave it, to the rules Citus enforces when a table is
// distributed (src/backend/distributed/commands/table.c and
// foreign_constraint.c in citusdata/citus):
//
//   - every table is placed: distributed (by a column), reference or local;
//   - a distributed table has its distribution column, NOT NULL (Citus
//     refuses a row without one), of one type across the tables, which are
//     all co-located with accounts;
//   - every primary key, unique constraint, unique index and exclusion
//     constraint of a distributed table includes the distribution column;
//   - a foreign key between distributed tables pairs the two distribution
//     columns (at the same place in both column lists);
//   - a foreign key whose columns include the distribution column neither
//     sets NULL or a default on delete nor sets NULL, a default or cascades
//     on update;
//   - a distributed table references no local table; a reference table
//     references no distributed one, and a local one only with NO ACTION or
//     RESTRICT; a local table references no distributed table.
//
// The placement of each table is the table in docs/scale.md: one list, read
// here, so that a new table fails the test until someone decides where it
// lives and says so there.

// scaleDoc is where the placements and the Citus commands are written.
const scaleDoc = "../../docs/scale.md"

type citusKind string

const (
	citusDistributed citusKind = "distributed"
	citusReference   citusKind = "reference"
	citusLocal       citusKind = "local"
)

// placement is where one table lives on Citus.
type placement struct {
	kind   citusKind
	column string // the distribution column of a distributed table
}

// pgSchema is what the rules look at of a database's tables, by name.
type pgSchema map[string]*pgTable

type pgTable struct {
	columns map[string]pgColumn
	keys    []pgKey // primary keys, unique constraints and indexes, exclusion constraints
	fkeys   []pgForeignKey
}

type pgColumn struct {
	typ     string
	notNull bool
}

type pgKey struct {
	name    string
	columns []string // key columns; an expression is "(expression)"
}

// pgForeignKey is one foreign key; onDelete and onUpdate are pg_constraint's
// codes: a no action, r restrict, c cascade, n set null, d set default.
type pgForeignKey struct {
	name               string
	columns            []string
	refTable           string
	refColumns         []string
	onDelete, onUpdate string
}

// citusViolations returns every way schema breaks the rules above with the
// tables placed as in plan, sorted.
func citusViolations(schema pgSchema, plan map[string]placement) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	distTypes := map[string][]string{}
	for _, name := range sortedKeys(schema) {
		t := schema[name]
		p, ok := plan[name]
		if !ok {
			bad("%s is not placed: say in docs/scale.md whether it is distributed (by account_id), a reference table or local", name)
			continue
		}
		if p.kind == citusDistributed {
			col, ok := t.columns[p.column]
			switch {
			case !ok:
				bad("%s is distributed by %s, which it does not have", name, p.column)
			case !col.notNull:
				bad("%s.%s may be NULL: Citus refuses a row whose distribution column is NULL", name, p.column)
			}
			if ok {
				distTypes[col.typ] = append(distTypes[col.typ], name+"."+p.column)
			}
			for _, k := range t.keys {
				if !slices.Contains(k.columns, p.column) {
					bad("%s: unique key %s (%s) does not include the distribution column %s", name, k.name, strings.Join(k.columns, ", "), p.column)
				}
			}
		}
		for _, fk := range t.fkeys {
			rp, ok := plan[fk.refTable]
			if !ok {
				continue // reported as a table not placed
			}
			what := fmt.Sprintf("%s: foreign key %s (%s) → %s (%s)", name, fk.name, strings.Join(fk.columns, ", "), fk.refTable, strings.Join(fk.refColumns, ", "))
			switch {
			case p.kind == citusDistributed && rp.kind == citusDistributed:
				i, j := slices.Index(fk.columns, p.column), slices.Index(fk.refColumns, rp.column)
				if i < 0 || i != j {
					bad("%s does not pair the distribution columns %s and %s: distributed tables reference each other only through them", what, p.column, rp.column)
				}
			case p.kind == citusDistributed && rp.kind == citusLocal:
				bad("%s: a distributed table cannot reference a local table", what)
			case p.kind != citusDistributed && rp.kind == citusDistributed:
				bad("%s: a %s table cannot reference a distributed table", what, p.kind)
			case p.kind == citusReference && rp.kind == citusLocal && !(noAction(fk.onDelete) && noAction(fk.onUpdate)):
				bad("%s: a reference table references a local table only with NO ACTION or RESTRICT", what)
			}
			if p.kind == citusDistributed && slices.Contains(fk.columns, p.column) {
				if fk.onDelete == "n" || fk.onDelete == "d" {
					bad("%s includes the distribution column and sets it NULL or to its default on delete", what)
				}
				if fk.onUpdate == "n" || fk.onUpdate == "d" || fk.onUpdate == "c" {
					bad("%s includes the distribution column and changes it on update", what)
				}
			}
		}
	}
	for _, name := range sortedKeys(plan) {
		if _, ok := schema[name]; !ok {
			bad("docs/scale.md places %s, which the schema does not have", name)
		}
	}
	if len(distTypes) > 1 {
		var types []string
		for _, typ := range sortedKeys(distTypes) {
			types = append(types, typ+": "+strings.Join(distTypes[typ], ", "))
		}
		bad("distribution columns of more than one type (%s): co-located tables need one", strings.Join(types, "; "))
	}
	return out
}

func noAction(code string) bool { return code == "a" || code == "r" }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readPlacements reads the placement table of docs/scale.md: its rows are
// "| `table` | kind | `column` or — | why |".
func readPlacements(doc string) (map[string]placement, error) {
	plan := map[string]placement{}
	for i, line := range strings.Split(doc, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || strings.TrimSpace(cells[0]) != "" {
			continue
		}
		kind := citusKind(strings.TrimSpace(cells[2]))
		if kind != citusDistributed && kind != citusReference && kind != citusLocal {
			continue
		}
		name, column := strings.Trim(strings.TrimSpace(cells[1]), "`"), strings.Trim(strings.TrimSpace(cells[3]), "`")
		if _, dup := plan[name]; dup {
			return nil, fmt.Errorf("line %d: %s placed twice", i+1, name)
		}
		if kind != citusDistributed {
			column = ""
		}
		plan[name] = placement{kind: kind, column: column}
	}
	if len(plan) == 0 {
		return nil, fmt.Errorf("no placements found")
	}
	return plan, nil
}

func mustPlacements(t *testing.T) (map[string]placement, string) {
	t.Helper()
	b, err := os.ReadFile(scaleDoc)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := readPlacements(string(b))
	if err != nil {
		t.Fatalf("%s: %v", scaleDoc, err)
	}
	return plan, string(b)
}

// readSchema reads the tables of db's current schema from the catalogue.
func readSchema(ctx context.Context, db *sql.DB) (pgSchema, error) {
	schema := pgSchema{}
	rows, err := db.QueryContext(ctx, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
		FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`)
	if err != nil {
		return nil, err
	}
	err = scanAll(rows, func() error {
		var table, name string
		var col pgColumn
		if err := rows.Scan(&table, &name, &col.typ, &col.notNull); err != nil {
			return err
		}
		t := schema[table]
		if t == nil {
			t = &pgTable{columns: map[string]pgColumn{}}
			schema[table] = t
		}
		t.columns[name] = col
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Unique and exclusion indexes (primary keys and unique constraints
	// have one each), by their key columns.
	rows, err = db.QueryContext(ctx, `SELECT t.relname, i.relname, array_to_string(ARRAY(
			SELECT COALESCE(a.attname, '(expression)') FROM generate_series(0, x.indnkeyatts - 1) k
			LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k] ORDER BY k), ',')
		FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
		WHERE (x.indisunique OR x.indisexclusion) AND t.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, err
	}
	err = scanAll(rows, func() error {
		var table, name, cols string
		if err := rows.Scan(&table, &name, &cols); err != nil {
			return err
		}
		if t := schema[table]; t != nil {
			t.keys = append(t.keys, pgKey{name: name, columns: strings.Split(cols, ",")})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `SELECT r.relname, k.conname, f.relname,
			array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY c(n, o)
				JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.n ORDER BY c.o), ','),
			array_to_string(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY c(n, o)
				JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = c.n ORDER BY c.o), ','),
			k.confdeltype::text, k.confupdtype::text
		FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
		WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, err
	}
	err = scanAll(rows, func() error {
		var table, cols, refCols string
		var fk pgForeignKey
		if err := rows.Scan(&table, &fk.name, &fk.refTable, &cols, &refCols, &fk.onDelete, &fk.onUpdate); err != nil {
			return err
		}
		fk.columns, fk.refColumns = strings.Split(cols, ","), strings.Split(refCols, ",")
		if t := schema[table]; t != nil {
			t.fkeys = append(t.fkeys, fk)
		}
		return nil
	})
	return schema, err
}

func scanAll(rows *sql.Rows, scan func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := scan(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// migratedSchema opens a fresh PostgreSQL database, migrated, and returns
// it with its schema; it skips without VITALFEW_TEST_POSTGRES.
func migratedSchema(t *testing.T) (*Store, pgSchema) {
	t.Helper()
	dsn, ok := testkit.Postgres(t)
	if !ok {
		t.Skip("VITALFEW_TEST_POSTGRES not set")
	}
	s, err := Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	schema, err := readSchema(context.Background(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	return s, schema
}

// TestCitusRules: the PostgreSQL schema, after every migration, keeps the
// rules Citus enforces with the tables placed as docs/scale.md says, and
// the commands there distribute them in an order Citus accepts.
func TestCitusRules(t *testing.T) {
	plan, doc := mustPlacements(t)
	_, schema := migratedSchema(t)
	for _, v := range citusViolations(schema, plan) {
		t.Error(v)
	}
	for _, v := range commandViolations(doc, schema, plan) {
		t.Error(v)
	}
}

// TestCitusRulesReadTheCatalog: what breaks the rules in a real database is
// found: a new table nobody placed, a unique index without account_id (a
// partial one, as the old orders index was), a foreign key between
// distributed tables on another column.
func TestCitusRulesReadTheCatalog(t *testing.T) {
	plan, _ := mustPlacements(t)
	s, _ := migratedSchema(t)
	ctx := context.Background()
	for _, q := range []string{
		`CREATE TABLE notes (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id))`,
		`CREATE UNIQUE INDEX citus_test_orders ON orders (external_id) WHERE external_id <> ''`,
		`CREATE UNIQUE INDEX citus_test_orders_id ON orders (id)`,
		`ALTER TABLE touchpoints ADD COLUMN order_id BIGINT REFERENCES orders (id) ON DELETE SET NULL`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	schema, err := readSchema(ctx, s.db)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(citusViolations(schema, plan), "\n")
	for _, want := range []string{
		"notes is not placed",
		"orders: unique key citus_test_orders (external_id) does not include the distribution column account_id",
		"orders: unique key citus_test_orders_id (id) does not include the distribution column account_id",
		"touchpoints: foreign key touchpoints_order_id_fkey (order_id) → orders (id) does not pair the distribution columns",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("violations do not say %q:\n%s", want, got)
		}
	}
}

// TestCitusRulesCatch: each rule finds what breaks it, in small schemas.
func TestCitusRulesCatch(t *testing.T) {
	id := pgColumn{typ: "bigint", notNull: true}
	// good is a schema that keeps every rule: accounts, its orders and
	// their lines, a reference table of products and users, a local
	// table of sessions.
	good := func() pgSchema {
		return pgSchema{
			"accounts": {columns: map[string]pgColumn{"id": id, "referred_by_id": {typ: "bigint"}},
				keys: []pgKey{{"accounts_pkey", []string{"id"}}}},
			"orders": {columns: map[string]pgColumn{"id": id, "account_id": id, "external_id": {typ: "text", notNull: true}},
				keys:  []pgKey{{"orders_pkey", []string{"id", "account_id"}}, {"orders_external_id", []string{"external_id", "account_id"}}},
				fkeys: []pgForeignKey{{"orders_account_id_fkey", []string{"account_id"}, "accounts", []string{"id"}, "c", "a"}}},
			"order_lines": {columns: map[string]pgColumn{"id": id, "account_id": id, "order_id": id, "product_id": id},
				keys: []pgKey{{"order_lines_pkey", []string{"id", "account_id"}}},
				fkeys: []pgForeignKey{
					{"order_lines_order_fkey", []string{"order_id", "account_id"}, "orders", []string{"id", "account_id"}, "c", "a"},
					{"order_lines_product_id_fkey", []string{"product_id"}, "products", []string{"id"}, "a", "a"}}},
			"products": {columns: map[string]pgColumn{"id": id, "sku": {typ: "text", notNull: true}},
				keys: []pgKey{{"products_pkey", []string{"id"}}, {"products_sku_key", []string{"sku"}}}},
			"users": {columns: map[string]pgColumn{"id": id}, keys: []pgKey{{"users_pkey", []string{"id"}}}},
			"sessions": {columns: map[string]pgColumn{"token_hash": {typ: "text", notNull: true}, "user_id": id},
				keys:  []pgKey{{"sessions_pkey", []string{"token_hash"}}},
				fkeys: []pgForeignKey{{"sessions_user_id_fkey", []string{"user_id"}, "users", []string{"id"}, "c", "a"}}},
		}
	}
	plan := func() map[string]placement {
		return map[string]placement{
			"accounts": {citusDistributed, "id"}, "orders": {citusDistributed, "account_id"}, "order_lines": {citusDistributed, "account_id"},
			"products": {citusReference, ""}, "users": {citusReference, ""}, "sessions": {citusLocal, ""},
		}
	}
	fk := func(name string, cols []string, ref string, refCols []string, del, upd string) pgForeignKey {
		return pgForeignKey{name, cols, ref, refCols, del, upd}
	}
	for _, tc := range []struct {
		name   string
		change func(pgSchema, map[string]placement)
		want   string // a violation contains it; "" for none
	}{
		{"good", func(pgSchema, map[string]placement) {}, ""},
		{"table not placed", func(s pgSchema, _ map[string]placement) {
			s["notes"] = &pgTable{columns: map[string]pgColumn{"id": id}}
		}, "notes is not placed"},
		{"placed table gone", func(_ pgSchema, p map[string]placement) {
			p["notes"] = placement{kind: citusLocal}
		}, "places notes, which the schema does not have"},
		{"no account_id", func(s pgSchema, _ map[string]placement) {
			delete(s["order_lines"].columns, "account_id")
		}, "order_lines is distributed by account_id, which it does not have"},
		{"account_id may be NULL", func(s pgSchema, _ map[string]placement) {
			s["orders"].columns["account_id"] = pgColumn{typ: "bigint"}
		}, "orders.account_id may be NULL"},
		{"distribution columns of two types", func(s pgSchema, _ map[string]placement) {
			s["orders"].columns["account_id"] = pgColumn{typ: "integer", notNull: true}
		}, "distribution columns of more than one type (bigint: accounts.id, order_lines.account_id; integer: orders.account_id)"},
		{"primary key without account_id", func(s pgSchema, _ map[string]placement) {
			s["orders"].keys[0].columns = []string{"id"}
		}, "orders: unique key orders_pkey (id) does not include the distribution column account_id"},
		{"unique index without account_id", func(s pgSchema, _ map[string]placement) {
			s["orders"].keys[1].columns = []string{"external_id"}
		}, "orders: unique key orders_external_id (external_id)"},
		{"unique key on an expression", func(s pgSchema, _ map[string]placement) {
			s["orders"].keys[1].columns = []string{"(expression)"}
		}, "orders: unique key orders_external_id ((expression))"},
		{"reference table's unique keys are free", func(s pgSchema, _ map[string]placement) {
			s["products"].keys = append(s["products"].keys, pgKey{"products_name", []string{"sku"}})
		}, ""},
		{"foreign key between distributed tables without account_id", func(s pgSchema, _ map[string]placement) {
			s["order_lines"].fkeys[0] = fk("order_lines_order_fkey", []string{"order_id"}, "orders", []string{"id"}, "c", "a")
		}, "order_lines: foreign key order_lines_order_fkey (order_id) → orders (id) does not pair the distribution columns account_id and account_id"},
		{"foreign key pairing account_id with another column", func(s pgSchema, _ map[string]placement) {
			s["order_lines"].fkeys[0] = fk("order_lines_order_fkey", []string{"account_id", "order_id"}, "orders", []string{"id", "account_id"}, "c", "a")
		}, "does not pair the distribution columns"},
		{"self-reference off the distribution column", func(s pgSchema, _ map[string]placement) {
			s["accounts"].fkeys = []pgForeignKey{fk("accounts_referred_by_id_fkey", []string{"referred_by_id"}, "accounts", []string{"id"}, "n", "a")}
		}, "accounts: foreign key accounts_referred_by_id_fkey (referred_by_id) → accounts (id) does not pair the distribution columns id and id"},
		{"on delete set null with account_id", func(s pgSchema, _ map[string]placement) {
			s["order_lines"].fkeys[0].onDelete = "n"
		}, "includes the distribution column and sets it NULL or to its default on delete"},
		{"on delete set default with account_id", func(s pgSchema, _ map[string]placement) {
			s["orders"].fkeys[0].onDelete = "d"
		}, "orders: foreign key orders_account_id_fkey (account_id) → accounts (id) includes the distribution column and sets it NULL"},
		{"on update cascade with account_id", func(s pgSchema, _ map[string]placement) {
			s["order_lines"].fkeys[0].onUpdate = "c"
		}, "includes the distribution column and changes it on update"},
		{"on delete set null off account_id, to a reference table", func(s pgSchema, _ map[string]placement) {
			s["order_lines"].fkeys[1].onDelete = "n"
		}, ""},
		{"distributed references local", func(s pgSchema, _ map[string]placement) {
			s["orders"].columns["session"] = pgColumn{typ: "text"}
			s["orders"].fkeys = append(s["orders"].fkeys, fk("orders_session_fkey", []string{"session"}, "sessions", []string{"token_hash"}, "a", "a"))
		}, "a distributed table cannot reference a local table"},
		{"reference references distributed", func(s pgSchema, _ map[string]placement) {
			s["products"].fkeys = []pgForeignKey{fk("products_account_fkey", []string{"id"}, "accounts", []string{"id"}, "a", "a")}
		}, "a reference table cannot reference a distributed table"},
		{"local references distributed", func(s pgSchema, _ map[string]placement) {
			s["sessions"].fkeys = append(s["sessions"].fkeys, fk("sessions_account_fkey", []string{"user_id"}, "accounts", []string{"id"}, "n", "a"))
		}, "a local table cannot reference a distributed table"},
		{"reference references local with cascade", func(s pgSchema, _ map[string]placement) {
			s["users"].fkeys = []pgForeignKey{fk("users_session_fkey", []string{"id"}, "sessions", []string{"token_hash"}, "c", "a")}
		}, "a reference table references a local table only with NO ACTION or RESTRICT"},
		{"reference references local with no action", func(s pgSchema, _ map[string]placement) {
			s["users"].fkeys = []pgForeignKey{fk("users_session_fkey", []string{"id"}, "sessions", []string{"token_hash"}, "r", "a")}
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := good(), plan()
			tc.change(s, p)
			got := citusViolations(s, p)
			if tc.want == "" {
				if len(got) > 0 {
					t.Errorf("violations: %q, want none", got)
				}
				return
			}
			if !slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, tc.want) }) {
				t.Errorf("violations: %q, want one saying %q", got, tc.want)
			}
		})
	}
}

// commandRE finds the Citus commands in docs/scale.md.
var commandRE = regexp.MustCompile(`create_(distributed|reference)_table\('(\w+)'(?:,\s*'(\w+)')?`)

// commandViolations checks the commands of doc against the placements:
// each distributed table distributed once by its column, each reference
// table made one once, no local table either, and every table referenced
// by a foreign key of a distributed or reference table made so before it
// (Citus refuses a foreign key to a table it does not manage).
func commandViolations(doc string, schema pgSchema, plan map[string]placement) []string {
	var out []string
	at := map[string]int{}
	for i, m := range commandRE.FindAllStringSubmatch(doc, -1) {
		kind, table, column := m[1], m[2], m[3]
		p, ok := plan[table]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("the commands name %s, which is not placed", table))
		case string(p.kind) != kind:
			out = append(out, fmt.Sprintf("the commands make %s a %s table; it is %s", table, kind, p.kind))
		case p.kind == citusDistributed && column != p.column:
			out = append(out, fmt.Sprintf("the commands distribute %s by %q, not by %s", table, column, p.column))
		}
		if _, dup := at[table]; dup {
			out = append(out, fmt.Sprintf("the commands name %s twice", table))
		}
		at[table] = i
	}
	for _, name := range sortedKeys(plan) {
		p := plan[name]
		if _, ok := at[name]; !ok && p.kind != citusLocal {
			out = append(out, fmt.Sprintf("no command makes %s a %s table", name, p.kind))
		}
		t := schema[name]
		if t == nil || p.kind == citusLocal {
			continue
		}
		for _, fk := range t.fkeys {
			if fk.refTable != name && plan[fk.refTable].kind != citusLocal && at[fk.refTable] > at[name] {
				out = append(out, fmt.Sprintf("the commands distribute %s before %s, which its foreign key %s references", name, fk.refTable, fk.name))
			}
		}
	}
	return out
}

// TestCitusCommandsCatch: the check of the commands finds a table left
// out, distributed by the wrong column, made the wrong kind, named twice,
// or distributed before a table its foreign key references.
func TestCitusCommandsCatch(t *testing.T) {
	id := pgColumn{typ: "bigint", notNull: true}
	schema := pgSchema{
		"accounts": {columns: map[string]pgColumn{"id": id}},
		"orders": {columns: map[string]pgColumn{"id": id, "account_id": id},
			fkeys: []pgForeignKey{{"orders_account_id_fkey", []string{"account_id"}, "accounts", []string{"id"}, "c", "a"}}},
		"users":    {columns: map[string]pgColumn{"id": id}},
		"sessions": {columns: map[string]pgColumn{"user_id": id}},
	}
	plan := map[string]placement{"accounts": {citusDistributed, "id"}, "orders": {citusDistributed, "account_id"}, "users": {citusReference, ""}, "sessions": {citusLocal, ""}}
	const good = `SELECT create_reference_table('users');
SELECT create_distributed_table('accounts', 'id');
SELECT create_distributed_table('orders', 'account_id', colocate_with => 'accounts');`
	for _, tc := range []struct{ name, doc, want string }{
		{"good", good, ""},
		{"left out", strings.Replace(good, "SELECT create_reference_table('users');", "", 1), "no command makes users a reference table"},
		{"wrong column", strings.Replace(good, "('orders', 'account_id'", "('orders', 'id'", 1), `the commands distribute orders by "id", not by account_id`},
		{"wrong kind", strings.Replace(good, "create_reference_table('users')", "create_distributed_table('users', 'id')", 1), "the commands make users a distributed table; it is reference"},
		{"local table distributed", good + "\nSELECT create_reference_table('sessions');", "the commands make sessions a reference table; it is local"},
		{"twice", good + "\nSELECT create_reference_table('users');", "the commands name users twice"},
		{"not placed", good + "\nSELECT create_reference_table('notes');", "the commands name notes, which is not placed"},
		{"referenced table after", `SELECT create_reference_table('users');
SELECT create_distributed_table('orders', 'account_id', colocate_with => 'accounts');
SELECT create_distributed_table('accounts', 'id');`, "the commands distribute orders before accounts, which its foreign key orders_account_id_fkey references"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := commandViolations(tc.doc, schema, plan)
			if tc.want == "" {
				if len(got) > 0 {
					t.Errorf("violations: %q, want none", got)
				}
				return
			}
			if !slices.Contains(got, tc.want) {
				t.Errorf("violations: %q, want %q", got, tc.want)
			}
		})
	}
}

// TestScalePlacements: the placement table of docs/scale.md reads, names
// every table once, and distributes every distributed table by account_id
// (accounts by its id, which is every account_id).
func TestScalePlacements(t *testing.T) {
	plan, _ := mustPlacements(t)
	for name, p := range plan {
		want := "account_id"
		if name == "accounts" {
			want = "id"
		}
		if p.kind == citusDistributed && p.column != want {
			t.Errorf("%s is distributed by %q, want %s", name, p.column, want)
		}
	}
	if _, err := readPlacements("| `a` | local | — | x |\n| `a` | reference | — | y |\n"); err == nil {
		t.Error("a table placed twice reads without an error")
	}
}
