#!/usr/bin/env bash
# `vitalfew fit --model bgnbd` on a raw transaction log of 1M customers
# (~2.8M rows, customer_id,date,amount, simulated from BG/NBD at the CDNOW
# estimates: bench/fit/gen), end to end (/usr/bin/time: wall, user + sys,
# peak RSS) and by phase (BenchmarkFitLog: read, summarise, fit; wall and
# CPU), with the load average before and after (the machine is shared).
#
# The Python reference (lifetimes 0.11.3) is not run here (PyPI is not
# reachable from this project's machines); its figures are quoted in
# docs/benchmarks.md.
#
# Usage: bench/fit/run.sh [RUNS]   (RUNS of the CLI, default 5)
#        BASE=<commit> bench/fit/run.sh   also times the CLI built at <commit>
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
mkdir -p bench/out
log=bench/out/fit-1m.csv
[ -s "$log" ] || go run ./bench/fit/gen -customers 1000000 >"$log"
echo "date: $(date -u +%F) machine: $(nproc) cores, $(go version | cut -d' ' -f3); log: $(wc -l <"$log") lines, $(du -h "$log" | cut -f1)"
go build -o bench/out/vitalfew ./cmd/vitalfew
bins=(bench/out/vitalfew)
if [ -n "${BASE:-}" ]; then
	dir=$(mktemp -d)
	git worktree add -q --detach "$dir" "$BASE"
	(cd "$dir" && go build -o "$OLDPWD/bench/out/vitalfew-base" ./cmd/vitalfew)
	git worktree remove --force "$dir"
	bins+=(bench/out/vitalfew-base)
fi
for i in $(seq "$runs"); do
	for bin in "${bins[@]}"; do
		echo -n "load $(cut -d' ' -f1-3 /proc/loadavg): "
		/usr/bin/time -f "$bin: %e s wall, %U s user, %S s sys, %M KB max RSS" \
			"$bin" fit "$log" --model bgnbd --json >/dev/null
	done
done
echo "load before: $(cat /proc/loadavg)"
VITALFEW_FIT_LOG=$PWD/$log go test -run '^$' -bench FitLog -benchtime 3x -count 3 ./internal/cli
echo "load after: $(cat /proc/loadavg)"
