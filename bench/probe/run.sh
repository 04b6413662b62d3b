#!/usr/bin/env bash
# Issue 11's hardening probes against a served 500-account demo: builds
# vitalfew, writes the demo into a fresh database, adds an admin and a staff
# user and a staff API token, serves it on 127.0.0.1:18090 and runs
# bench/probe with the server's pid. Exits with the probe's status.
# Usage: bench/probe/run.sh [DB [PROBE FLAGS…]]
#   DB: a SQLite file (default bench/out/probe.db, replaced) or a postgres://
#   server URL, on which a fresh database is created and dropped at the end.
#   e.g. bench/probe/run.sh 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
#        bench/probe/run.sh '' -probes writers -writers 150
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:-bench/out/probe.db}
shift || true
mkdir -p bench/out
go build -o bench/out/vitalfew ./cmd/vitalfew
vf=bench/out/vitalfew
port=18090
pid=
dropdb=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
  if [ -n "$dropdb" ]; then psql -q "$target" -c "DROP DATABASE IF EXISTS $dropdb WITH (FORCE)" || true; fi
}
trap cleanup EXIT

case "$target" in
postgres://* | postgresql://*)
  name=vitalfew_probe_$$
  psql -q "$target" -c "CREATE DATABASE $name"
  dropdb=$name
  # the same server and parameters, the new database
  noquery=${target%%\?*}
  query=${target#"$noquery"}
  db=${noquery%/*}/$name$query
  ;;
*)
  db=$target
  rm -f "$db" "$db-wal" "$db-shm"
  ;;
esac

echo "writing the 500-account demo…" >&2
$vf --db "$db" demo --accounts 500 --no-serve --quiet
secret() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
admin_pw=$(secret)
staff_pw=$(secret)
echo "$admin_pw" | $vf --db "$db" user add --email probe-admin@example.com --role admin --password-stdin
echo "$staff_pw" | $vf --db "$db" user add --email probe-staff@example.com --role staff --password-stdin
token=$($vf --db "$db" user token probe-staff@example.com --name probe)

$vf --db "$db" serve --addr 127.0.0.1:$port > bench/out/probe-serve.log 2>&1 &
pid=$!
for _ in $(seq 1 120); do grep -q "serving on" bench/out/probe-serve.log && break; sleep 0.5; done
grep -q "serving on" bench/out/probe-serve.log || { cat bench/out/probe-serve.log >&2; exit 1; }

echo "database: ${db%%\?*}; server pid $pid"
echo "load average before: $(cat /proc/loadavg)"
status=0
go run ./bench/probe -url http://127.0.0.1:$port -pid "$pid" \
  -admin-email probe-admin@example.com -admin-password "$admin_pw" \
  -staff-email probe-staff@example.com -staff-password "$staff_pw" \
  -token "$token" "$@" || status=$?
echo "load average after: $(cat /proc/loadavg)"
if grep -q . bench/out/probe-serve.log; then
  echo "server log (last 20 lines of bench/out/probe-serve.log):"
  tail -n 20 bench/out/probe-serve.log | sed 's/^/  /'
fi
exit $status
