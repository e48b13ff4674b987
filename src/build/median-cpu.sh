#!/usr/bin/env bash
# Median user+sys CPU seconds of a command over N runs, measured with /usr/bin/time (GNU time):
# how docs/BENCHMARKS.md measures start-up. Output of the command is discarded.
# usage: src/build/median-cpu.sh N COMMAND [ARGS...]
set -euo pipefail
runs="$1"
shift
times="$(mktemp)"
trap 'rm -f "$times" "$times.one"' EXIT
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%U %S" -o "$times.one" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$times.one" | awk '{printf "%.3f\n", $1 + $2}' >>"$times"
done
sort -n "$times" | awk '{v[NR] = $1} END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "median %.2f s CPU (min %.2f, max %.2f, %d runs)\n", m, v[1], v[NR], NR}'
