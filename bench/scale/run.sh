#!/usr/bin/env bash
# Issue 13's "one million accounts on PostgreSQL": writes the demo of
# ACCOUNTS accounts into a PostgreSQL database (unless it holds them
# already), then times every report, the customer model and the web
# application under 20 clients and a writer. Results go to
# bench/out/scale-*.txt; docs/benchmarks.md has them with date and load.
# REPORTS=0 skips the reports.
# Usage: bench/scale/run.sh [ACCOUNTS (default 1000000)] [DB URL] [SECONDS]
#   DB URL defaults to postgres://postgres@127.0.0.1:5432/vf1m (created if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
accounts=${1:-1000000}
db=${2:-postgres://postgres@127.0.0.1:5432/vf1m?sslmode=disable}
secs=${3:-30}
mkdir -p bench/out
go build -o bench/out/vitalfew ./cmd/vitalfew
vf() { bench/out/vitalfew --db "$db" "$@"; }
out=bench/out/scale-$accounts

name=$(echo "$db" | sed -E 's|.*/([^/?]+)(\?.*)?$|\1|')
psql "$(echo "$db" | sed -E "s|/$name|/postgres|")" -qtc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
  psql "$(echo "$db" | sed -E "s|/$name|/postgres|")" -qc "CREATE DATABASE $name"
have=$(psql "$db" -qtAc "SELECT COUNT(*) FROM accounts" 2>/dev/null || echo 0)
if [ "$have" -lt "$accounts" ]; then
  echo "writing the $accounts-account demo (load average $(cut -d' ' -f1-3 /proc/loadavg))…" >&2
  /usr/bin/time -f "demo: %e s wall, %M KB peak RSS" bench/out/vitalfew --db "$db" --log-level debug \
    demo --accounts "$accounts" --no-serve --quiet 2> "$out-demo.log"
  tail -2 "$out-demo.log"
fi
psql "$db" -qtAc "SELECT pg_size_pretty(pg_database_size(current_database()))" | sed 's/^/database size: /' | tee "$out-size.txt"
psql "$db" -qtAc "SELECT relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class
  WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY pg_total_relation_size(oid) DESC LIMIT 8" | tee -a "$out-size.txt"

if [ "${REPORTS:-1}" != 0 ]; then
echo "== reports (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out-reports.txt"
for r in pareto cost-to-serve lapsed repeat stale-contacts holiday-cards share-of-voice sentiment-trend \
  mentions-negative mention-spikes care clv; do
  /usr/bin/time -f "$r %e s %M KB" bench/out/vitalfew --db "$db" report "$r" --json > /dev/null 2>> "$out-reports.txt" || echo "$r failed" >> "$out-reports.txt"
  tail -1 "$out-reports.txt"
done
fi

echo "== web (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out-web.txt"
email=load-$(date +%s)@vitalfew.example
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
vf user add --email "$email" --name Load --role admin --password-stdin <<< "$password"
port=18081
bench/out/vitalfew --db "$db" --log-level info serve --addr 127.0.0.1:$port > "$out-serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 600); do grep -q "serving on" "$out-serve.log" && break; sleep 1; done
start=$(date +%s.%N)
curl -s -o /dev/null -c bench/out/cj-scale -d "email=$email&password=$password" http://127.0.0.1:$port/login
curl -s -o /dev/null -b bench/out/cj-scale http://127.0.0.1:$port/
echo "first page (the first figures computed) in $(echo "$(date +%s.%N) - $start" | bc) s" | tee -a "$out-web.txt"
token=$(vf user token "$email" --name load --expires 1d)
go run ./bench/web/load -url http://127.0.0.1:$port -email "$email" -password "$password" -c 20 -d "${secs}s" \
  -accounts "$accounts" -write 1s -token "$token" | tee -a "$out-web.txt"
grep -E "refresh|model" "$out-serve.log" | tail -20 >> "$out-web.txt" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out-web.txt"
