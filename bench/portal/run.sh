#!/usr/bin/env bash
# Latency of the customer portal at issue 15's size: the 100k-account demo
# (SQLite, bench/out/portal-ACCOUNTS.db, written once), a portal seeded by
# bench/portal/seed (10k portal users, 1k spaces, 50k pages, 10k threads
# with 40k replies, an event per space; once), served, and bench/portal/load
# with 50 concurrent portal users for SECONDS, each pausing THINK (e.g. 2s)
# after each page as a person reads (default 0: none).
# Usage: bench/portal/run.sh [ACCOUNTS] [SECONDS] [CLIENTS] [THINK]
set -euo pipefail
cd "$(dirname "$0")/../.."
accounts=${1:-100000}
secs=${2:-30}
clients=${3:-50}
think=${4:-0s}
mkdir -p bench/out
db=bench/out/portal-$accounts.db
go build -o bench/out/vitalfew ./cmd/vitalfew
if [ ! -f "$db" ]; then
  echo "writing the $accounts-account demo to $db (takes minutes)…" >&2
  bench/out/vitalfew --db "$db" demo --accounts "$accounts" --no-serve --quiet
fi
if [ ! -f "$db.portal" ]; then
  echo "seeding the portal (takes minutes)…" >&2
  go run ./bench/portal/seed -db "$db" -users bench/out/portal-users.txt
  touch "$db.portal"
fi
port=18081
bench/out/vitalfew --db "$db" serve --addr 127.0.0.1:$port > bench/out/portal-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 600); do grep -q "serving on" bench/out/portal-serve.log && break; sleep 1; done
# The portal asks the figures for each contact's tier: warm them first.
start=$(date +%s.%N)
curl -s -o /dev/null -c bench/out/pcj -d "email=$(head -n1 bench/out/portal-users.txt)&password=portal load password" http://127.0.0.1:$port/portal/login
curl -s -o /dev/null -b bench/out/pcj http://127.0.0.1:$port/portal
echo "figures computed in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
echo "load average before: $(cat /proc/loadavg)"
go run ./bench/portal/load -url http://127.0.0.1:$port -users bench/out/portal-users.txt -c "$clients" -d "${secs}s" -think "$think"
echo "load average after: $(cat /proc/loadavg)"
