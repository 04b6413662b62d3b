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

secs() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n1; }

for run in 1 2 3; do
  rm -f "$out"/bare.db*
  t=$(secs sqlite3 "$out/bare.db" -cmd '.mode csv' -cmd "CREATE TABLE orders(invoice TEXT, customer_id TEXT, date TEXT, amount REAL)" ".import --skip 1 $file orders")
  echo "run $run  sqlite3 .import (bare table)      ${t% *} s  max RSS ${t#* } KB"
  rm -f "$out"/vf.db*
  t=$(secs "$out/vitalfew" --db "$out/vf.db" import orders "$file")
  echo "run $run  vitalfew import orders (SQLite)  ${t% *} s  max RSS ${t#* } KB"
  db=vitalfew_bench_import
  psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  t=$(secs "$out/vitalfew" --db "${pg/\/postgres\?//$db?}" import orders "$file")
  echo "run $run  vitalfew import orders (Postgres) ${t% *} s  max RSS ${t#* } KB"
done
"$out/vitalfew" --db "$out/vf.db" import orders "$file"
