#!/usr/bin/env bash
# Memory stays flat: peak RSS of `backlogsql` replicating N issues into SQLite, for a
# small and a 10x larger space, measured in one run. Prints both peaks and their
# difference (the target: the larger run within 20 MB of the smaller).
#
#   bench/replicate_memory.sh [SMALL=100000] [LARGE=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-100000}
large=${2:-1000000}
build=${BUILD:-build}
work=$(mktemp -d)
trap 'kill $(cat "$work"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

peak_kb() {  # issues → peak RSS (KB) of one full REPLICATE Issues
  local n=$1
  # Removed first: the background shell truncates the file only once it starts, so the
  # loop below could read the previous emulator's address (and then find the file empty).
  local out="$work/emulator.out"
  rm -f "$out"
  "$build/backlog-emulator" --port 0 --issues "$n" --projects 10 --comments-per-issue 0 >"$out" 2>/dev/null &
  echo $! >"$work/pid"
  for _ in $(seq 600); do grep -q '^listening on ' "$out" && break; sleep 0.1; done
  local url
  url=$(sed -n 's/^listening on //p' "$out")
  [ -n "$url" ] || { echo "replicate_memory: the emulator ($n issues) did not start" >&2; exit 1; }
  rm -f "$work/dest.db"*
  /usr/bin/time -f '%M' -o "$work/rss" "$build/backlogsql" --url "$url" --api-key demo-key \
    --dest "sqlite:$work/dest.db" -c 'REPLICATE Issues;' 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local rows
  rows=$(sqlite3 "$work/dest.db" 'SELECT count(*) FROM Issues')
  [ "$rows" = "$n" ] || { echo "expected $n rows, got $rows" >&2; exit 1; }
  kill "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true
  cat "$work/rss"
}

a=$(peak_kb "$small")
b=$(peak_kb "$large")
echo "peak RSS replicating $small issues: $((a / 1024)) MB"
echo "peak RSS replicating $large issues: $((b / 1024)) MB"
echo "difference: $(((b - a) / 1024)) MB (target <= 20 MB)"
