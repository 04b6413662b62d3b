#!/usr/bin/env bash
# Runs every go test -fuzz target of vitalfew for a while each, two at a
# time (one per core, -parallel 1), and prints a Markdown table: target,
# time, executions, new interesting inputs, corpus entries, the fuzzing
# processes' peak memory, outcome. A failure leaves its input in the
# package's testdata/fuzz and its output in bench/out/fuzz/.
# Usage: bench/fuzz/run.sh [TIME-EACH (default 10m)] [LANES (default 2)] [TARGET REGEXP]
set -euo pipefail
cd "$(dirname "$0")/../.."
each=${1:-10m}
lanes=${2:-2}
only=${3:-.}
out=bench/out/fuzz
mkdir -p "$out"
targets=(
  internal/ingest:FuzzReadAccounts internal/ingest:FuzzReadContacts internal/ingest:FuzzReadOrders
  internal/ingest:FuzzReadOrderLines internal/ingest:FuzzReadTouchpoints internal/ingest:FuzzReadMentions
  internal/ingest:FuzzParseDate internal/ingest:FuzzParseAmount internal/analyze:FuzzAnalyze
  internal/analytics/pareto:FuzzPareto internal/analytics/listening:FuzzListening
  internal/analytics/btyd:FuzzFits internal/analytics/clv:FuzzCustomerModelToCareQueue
  internal/sentiment:FuzzScore
)
run() {
  local pkg=${1%%:*} name=${1##*:}
  local log=$out/$name.log
  # The test binary is built first, so that the peak memory is the
  # fuzzing's (coordinator and worker), not the compiler's; it runs in its
  # package's directory (testdata) with the corpus where go test keeps it.
  local bin=$PWD/$out/$name.test
  go test -c -fuzz "^$name\$" -o "$bin" "./$pkg" # -fuzz: instrumented for coverage
  local cache
  cache=$(go env GOCACHE)/fuzz/$(go list "./$pkg")/
  if (cd "$pkg" && /usr/bin/time -v -o "$OLDPWD/$out/$name.time" "$bin" -test.run '^$' -test.fuzz "^$name\$" \
    -test.fuzztime "$each" -test.parallel 1 -test.fuzzcachedir "$cache") >"$log" 2>&1; then
    result=ok
  else
    result=FAIL
  fi
  local last execs interesting total rss
  last=$(grep '^fuzz: elapsed.*new interesting' "$log" | tail -n1)
  execs=$(sed -E 's/.*execs: ([0-9]+).*/\1/' <<<"$last")
  interesting=$(sed -E 's/.*new interesting: ([0-9]+).*/\1/' <<<"$last")
  total=$(sed -E 's/.*\(total: ([0-9]+)\).*/\1/' <<<"$last")
  rss=$(awk -F: '/Maximum resident/ {printf "%d", $2/1024}' "$out/$name.time")
  echo "| \`$name\` | \`$pkg\` | $each | $execs | $interesting | $total | $rss MB | $result |"
}
echo "Fuzz runs, $(date -u +%Y-%m-%d), $(nproc) cores, $lanes at a time, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| target | package | time | executions | new interesting | corpus | peak RSS | result |"
echo "|---|---|---|---|---|---|---|---|"
export -f run
export each out
printf '%s\n' "${targets[@]}" | grep -E -- "$only" | xargs -P "$lanes" -I{} bash -c 'run {}'
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
