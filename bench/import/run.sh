#!/usr/bin/env bash
# Import speed, side by side with the sqlite3 shell's .import into a bare
# table (the floor for loading a CSV into SQLite) and with PostgreSQL.
#
#   bench/import/run.sh [ROWS]        (default 1000000; needs sqlite3, psql)
#
# The file is an invoice export: invoice,customer_id,date,amount with
# ROWS/10 customers, made by bench/analyze/gen plus an invoice number.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
out=bench/out/import; mkdir -p "$out"
file=$out/orders-$rows.csv
pg=${VITALFEW_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}

if [ ! -s "$file" ]; then
  go run ./bench/analyze/gen -rows "$rows" -customers $((rows / 10)) |
    awk 'NR==1 {print "invoice," $0; next} {print "INV-" NR-1 "," $0}' > "$file"
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
  db=vitalfew_bench_import
  psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  t=$(secs "$out/vitalfew" --db "${pg/\/postgres\?//$db?}" import orders "$file")
  echo "run $run  vitalfew import orders (Postgres)  $t"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Importing the same file again changes nothing.
"$out/vitalfew" --db "$out/vf.db" import orders "$file"
