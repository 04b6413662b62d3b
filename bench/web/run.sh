#!/usr/bin/env bash
# Latency of the web application at 100k accounts (issue #3's speed figures,
# issue 13's with a writer): builds vitalfew, writes the 100k-account demo
# into a SQLite file once (minutes; kept in bench/out/), serves it and runs
# bench/web/load with 20 clients and, unless WRITE is 0, one more writing a
# note or care action every WRITE; then times an order's way into the
# figures. The server's log (bench/out/web-serve.log) says how long each
# refresh of the analytics took and what it worked out.
# Usage: bench/web/run.sh [ACCOUNTS] [SECONDS] [WRITE (default 1s)] [DB]
set -euo pipefail
cd "$(dirname "$0")/../.."
accounts=${1:-100000}
secs=${2:-30}
write=${3:-1s}
mkdir -p bench/out
db=${4:-bench/out/web-$accounts.db}
go build -o bench/out/vitalfew ./cmd/vitalfew
if [ ! -f "$db" ]; then
  echo "writing the $accounts-account demo to $db (takes minutes)…" >&2
  bench/out/vitalfew --db "$db" demo --accounts "$accounts" --no-serve --quiet
fi
port=18080
bench/out/vitalfew --db "$db" --log-level info demo --accounts "$accounts" --quiet --addr 127.0.0.1:$port > bench/out/web-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 600); do grep -q "serving on" bench/out/web-serve.log && break; sleep 1; done
password=$(grep -o 'password: [^ ]*' bench/out/web-serve.log | cut -d' ' -f2)
# The first request waits for the analytics; warm them before measuring.
start=$(date +%s.%N)
curl -s -o /dev/null -c bench/out/cj -d "email=demo@vitalfew.example&password=$password" http://127.0.0.1:$port/login
curl -s -o /dev/null -b bench/out/cj http://127.0.0.1:$port/
echo "analytics computed in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
echo "load average before: $(cat /proc/loadavg)"
token=$(bench/out/vitalfew --db "$db" user token demo@vitalfew.example --name load --expires 1d)
go run ./bench/web/load -url http://127.0.0.1:$port -email demo@vitalfew.example -password "$password" -c 20 -d "${secs}s" -accounts "$accounts" \
  -write "$write" -token "$token"
echo "load average after: $(cat /proc/loadavg)"
