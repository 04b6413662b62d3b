#!/usr/bin/env bash
# Customer-base model benchmarks (internal/analytics/btyd) and the CLI fit on
# CDNOW, with CPU time next to wall time and the load average before and
# after (the machine is shared).
#
# The Python reference (lifetimes 0.11.3) is not run here: it is only on
# PyPI, which this project's machines cannot reach, and Debian does not
# package it. Its timings, measured on a 2-vCPU Xeon, are quoted from
# ../shared/reference/btyd.md §3 in docs/benchmarks.md.
#
# Usage: bench/btyd/run.sh [COUNT]   (COUNT runs of each benchmark, default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-5}
echo "date: $(date -u +%F) machine: $(nproc) cores, $(go version | cut -d' ' -f3)"
echo "load before: $(cat /proc/loadavg)"
go test -run '^$' -bench . -benchtime 3x -count "$count" ./internal/analytics/btyd
echo "load after: $(cat /proc/loadavg)"

# The CLI end to end on the CDNOW orders: read the CSV, summarise, fit, holdout.
go build -o bench/out/vitalfew ./cmd/vitalfew
for model in bgnbd pnbd; do
	/usr/bin/time -f "fit --model $model on CDNOW: %e s wall, %U s user, %S s sys, %M KB max RSS" \
		bench/out/vitalfew fit internal/cli/testdata/cdnow_orders.csv --model "$model" \
		--calibration-end 1997-09-30 --holdout-end 1998-06-30 --json >/dev/null
done
