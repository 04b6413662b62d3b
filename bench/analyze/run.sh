#!/usr/bin/env bash
# Benchmark `vitalfew analyze` against DuckDB (npm @duckdb/node-api) on
# generated transaction files: 1M rows / 100k customers and 10M rows / 1M
# customers, with numeric customer ids (1m, 10m), text ids like "C0001234"
# (1m-text, 10m-text) or names like "Customer 1234 GmbH" (1m-names,
# 10m-names). Prints wall time, CPU time and peak RSS (/usr/bin/time -v) of 3
# runs each, and checks that both tools report the same figures.
#
#   bench/analyze/run.sh [WORKDIR]     (default /tmp/vitalfew-bench-analyze)
#   SIZES="1m 1m-text" bench/analyze/run.sh    only the small files
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-/tmp/vitalfew-bench-analyze}
runs=${RUNS:-3}
sizes=${SIZES:-"1m 10m 1m-text 10m-text"}
mkdir -p "$work"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "go: $(go version | cut -d' ' -f3), node: $(node --version)"

(cd "$root" && go build -o "$work/gen" ./bench/analyze/gen)
(cd "$root" && go build -o "$work/vitalfew" ./cmd/vitalfew)
analyze=("$work/vitalfew" analyze --json)
echo "vitalfew: ${analyze[*]}"
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
fi
echo "duckdb: @duckdb/node-api $(node -p "require('$here/node_modules/@duckdb/node-api/package.json').version")"

for size in $sizes; do
  case $size in
    1m | 1m-*) rows=1000000 customers=100000 ;;
    10m | 10m-*) rows=10000000 customers=1000000 ;;
    *) echo "unknown size $size" >&2; exit 2 ;;
  esac
  case $size in
    *-text) ids=-textids ;;
    *-names) ids=-names ;;
    *m) ids= ;;
    *) echo "unknown size $size" >&2; exit 2 ;;
  esac
  f="$work/tx$size.csv"
  [ -s "$f" ] || "$work/gen" -rows $rows -customers $customers $ids > "$f"
done

# measure NAME FILE CMD...: runs CMD $runs times, records "wall_s rss_mb cpu_s" per run.
measure() {
  local name=$1 out=$2; shift 2
  : > "$work/$name.times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" > "$out" 2> "$work/$name.time.txt"
    awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; w=s}
                /User time/{c+=$2} /System time/{c+=$2}
                /Maximum resident set size/{r=$2/1024}
                END{printf "%.2f %.0f %.2f\n", w, r, c}' "$work/$name.time.txt" >> "$work/$name.times"
  done
}

summary() { # file -> wall, CPU (user+sys) and max RSS of each run
  awk '{w=w (NR>1?" / ":"") $1; r=r (NR>1?" / ":"") $2; c=c (NR>1?" / ":"") $3}
       END{printf "%-22s %-22s %s", w " s", c " s", r " MB"}' "$1"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates wall times)"
printf '\n%-9s %-22s %-22s %-22s %s\n' file tool "wall" "CPU user+sys" "max RSS"
for size in $sizes; do
  f="$work/tx$size.csv"
  measure "vitalfew-$size" "$work/vitalfew-$size.json" "${analyze[@]}" "$f"
  measure "duckdb-$size" "$work/duckdb-$size.json" node "$here/duckdb.mjs" "$f"
  printf '%-9s %-22s %s\n' "$size" "vitalfew analyze" "$(summary "$work/vitalfew-$size.times")"
  printf '%-9s %-22s %s\n' "$size" "duckdb (node-api)" "$(summary "$work/duckdb-$size.times")"
  printf '%-9s %s\n' "" "$(node "$here/duckdb.mjs" --compare "$work/vitalfew-$size.json" "$work/duckdb-$size.json")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file sizes: $(cd "$work" && ls -lh tx*.csv | awk '{printf "%s %s  ", $9, $5}')"
