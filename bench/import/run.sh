#!/usr/bin/env bash
# Import speed, side by side with the sqlite3 shell's .import into a bare
# table (the floor for loading a CSV into SQLite) and with PostgreSQL.
#
# Then the engines' own floor for the database vitalfew builds: the rows
# vitalfew resolved (accounts with their keys, orders with account ids), read
# from its SQLite file, loaded by the sqlite3 shell and by psql's \copy into
# vitalfew's own schema, with the same indexes dropped, built after the load
# and committed in one transaction: what C SQLite and the PostgreSQL server
# need for that work, without parsing, validating or resolving anything.
#
#   bench/import/run.sh [ROWS]        (default 1000000; needs sqlite3, psql)
#
# The file is an invoice export: invoice,customer_id,date,amount with
# ROWS/10 customers, made by bench/analyze/gen plus an invoice number. A
# second file (ROWS more invoices, ROWS/10 × 1.2 customers: most known, some
# new) is then imported into the loaded database: on PostgreSQL a load into
# tables that hold rows, through a staging table.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
out=bench/out/import; mkdir -p "$out"
file=$out/orders-$rows.csv
file2=$out/orders-$rows-2.csv
export PGOPTIONS='-c client_min_messages=warning'
pg=${VITALFEW_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}

if [ ! -s "$file" ]; then
  go run ./bench/analyze/gen -rows "$rows" -customers $((rows / 10)) |
    awk 'NR==1 {print "invoice," $0; next} {print "INV-" NR-1 "," $0}' > "$file"
fi
if [ ! -s "$file2" ]; then
  go run ./bench/analyze/gen -rows "$rows" -customers $((rows / 10 * 12 / 10)) -seed 2 |
    awk 'NR==1 {print "invoice," $0; next} {print "INV2-" NR-1 "," $0}' > "$file2"
fi
go build -o "$out/vitalfew" ./cmd/vitalfew
echo "file: $file ($(du -h "$file" | cut -f1), $rows rows); $(nproc) cores, $(lscpu | sed -n 's/Model name: *//p')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# wall seconds, CPU seconds (user+sys), max RSS in MB
secs() { /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -n1 | awk '{printf "%s s wall  %.2f s CPU  %d MB max RSS", $1, $2 + $3, $4 / 1024}'; }

for run in 1 2 3; do
  rm -f "$out"/bare.db*
  t=$(secs sqlite3 "$out/bare.db" -cmd '.mode csv' -cmd "CREATE TABLE orders(invoice TEXT, customer_id TEXT, date TEXT, amount REAL)" ".import --skip 1 $file orders")
  echo "run $run  sqlite3 .import (bare table)       $t"
  rm -f "$out"/vf.db*
  t=$(secs "$out/vitalfew" --db "$out/vf.db" import orders "$file")
  echo "run $run  vitalfew import orders (SQLite)    $t"
  rm -f "$out"/vf2.db*; cp "$out/vf.db" "$out/vf2.db"
  t=$(secs "$out/vitalfew" --db "$out/vf2.db" import orders "$file2")
  echo "run $run    second file into it (SQLite)     $t"
  db=vitalfew_bench_import
  psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  t=$(secs "$out/vitalfew" --db "${pg/\/postgres\?//$db?}" import orders "$file")
  echo "run $run  vitalfew import orders (Postgres)  $t"
  t=$(secs "$out/vitalfew" --db "${pg/\/postgres\?//$db?}" import orders "$file2")
  echo "run $run    second file into it (Postgres)   $t"
done

# The engines' floors for vitalfew's database (see the top of this file).
sqlite3 -csv "$out/vf.db" "SELECT id, source, external_id, name, name_key, domain, status FROM accounts" > "$out/rows-accounts.csv"
sqlite3 -csv "$out/vf.db" "SELECT id, account_id, external_id, ordered_at, amount FROM orders" > "$out/rows-orders.csv"
acols="id, source, external_id, name, name_key, domain, status"
ocols="id, account_id, external_id, ordered_at, amount"
indexes="CREATE UNIQUE INDEX accounts_external_id ON accounts(external_id) WHERE external_id <> '';
CREATE INDEX accounts_name_key ON accounts(name_key);
CREATE INDEX accounts_domain ON accounts(domain) WHERE domain <> '';"
cat > "$out/floor-sqlite.sql" <<SQL
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;
CREATE TEMP TABLE a(id INTEGER, source TEXT, external_id TEXT, name TEXT, name_key TEXT, domain TEXT, status TEXT);
CREATE TEMP TABLE o(id INTEGER, account_id INTEGER, external_id TEXT, ordered_at TEXT, amount REAL);
.import --csv $out/rows-accounts.csv a
.import --csv $out/rows-orders.csv o
BEGIN;
DROP INDEX accounts_external_id; DROP INDEX accounts_name_key; DROP INDEX accounts_domain;
DROP INDEX orders_external_id; DROP INDEX orders_account_date;
INSERT INTO accounts($acols) SELECT * FROM a;
$indexes
INSERT INTO orders($ocols) SELECT * FROM o;
CREATE UNIQUE INDEX orders_external_id ON orders(external_id, source);
CREATE INDEX orders_account_date ON orders(account_id, ordered_at, amount);
COMMIT;
SQL
# As vitalfew does on PostgreSQL, the keys go too: the primary keys of
# accounts and orders, their foreign keys and the foreign keys to them, added
# back (validated) after.
cat > "$out/floor-postgres.sql" <<SQL
BEGIN;
CREATE TEMP TABLE loadkeys ON COMMIT DROP AS SELECT conrelid::regclass AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
  FROM pg_constraint WHERE contype IN ('p', 'f') AND conrelid IN ('accounts'::regclass, 'orders'::regclass)
  OR contype = 'f' AND confrelid IN ('accounts'::regclass, 'orders'::regclass);
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, conname) FROM loadkeys ORDER BY contype = 'p' \\gexec
DROP INDEX accounts_external_id, accounts_name_key, accounts_domain, orders_external_id, orders_account_date;
\\copy accounts($acols) FROM '$out/rows-accounts.csv' CSV
$indexes
\\copy orders($ocols) FROM '$out/rows-orders.csv' CSV
CREATE UNIQUE INDEX orders_external_id ON orders(external_id, source);
CREATE INDEX orders_account_date ON orders(account_id, ordered_at, amount);
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', tbl, conname, def)
  FROM loadkeys ORDER BY contype <> 'p' \\gexec
COMMIT;
SQL
for run in 1 2 3; do
  rm -f "$out"/floor.db*
  "$out/vitalfew" --db "$out/floor.db" settings >/dev/null # an empty database with vitalfew's schema
  t=$(secs sqlite3 -bail "$out/floor.db" ".read $out/floor-sqlite.sql")
  echo "run $run  sqlite3 floor (vitalfew's schema)   $t"
  db=vitalfew_bench_floor
  psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  "$out/vitalfew" --db "${pg/\/postgres\?//$db?}" settings >/dev/null
  t=$(secs psql -q -v ON_ERROR_STOP=1 "${pg/\/postgres\?//$db?}" -f "$out/floor-postgres.sql")
  echo "run $run  psql floor (vitalfew's schema)      $t"
done
# The floors loaded what vitalfew loaded.
n=$(sqlite3 "$out/vf.db" "SELECT count(*) || ' orders, ' || (SELECT count(*) FROM accounts) || ' accounts' FROM orders")
[ "$(sqlite3 "$out/floor.db" "SELECT count(*) || ' orders, ' || (SELECT count(*) FROM accounts) || ' accounts' FROM orders")" = "$n" ]
[ "$(psql -tA "${pg/\/postgres\?//$db?}" -c "SELECT count(*) || ' orders, ' || (SELECT count(*) FROM accounts) || ' accounts' FROM orders")" = "$n" ]
echo "floors loaded $n, as vitalfew did"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Importing the same file again changes nothing.
"$out/vitalfew" --db "$out/vf.db" import orders "$file"
