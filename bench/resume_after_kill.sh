#!/usr/bin/env bash
# A first load killed at 90% resumes: `kill -9` of `backlogsql` after 90% of the issue-list
# calls of a first load of N issues into SQLite, then a rerun. Prints the calls the rerun
# made against the least it could make — the calls left at the kill plus one chunk (the
# chunk that was being read when the kill came is read again) — and checks that the
# replica then equals a fresh copy, row for row.
#
#   bench/resume_after_kill.sh [ISSUES=100000] [CHUNK=5000]
#
# The emulator answers after 2 ms (20 ms for a small space), so the kill lands within a
# call or two of 90%.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
issues=${1:-100000}
chunk=${2:-5000}
build=${BUILD:-build}
work=$(mktemp -d)
cleanup() {
  kill "$(cat "$work/emu.pid" 2>/dev/null)" 2>/dev/null || true
  kill -9 "$(cat "$work/load.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "resume_after_kill: $*" >&2; exit 1; }

latency=$((issues >= 50000 ? 2 : 20))
"$build/backlog-emulator" --port 0 --issues "$issues" --projects 10 --comments-per-issue 0 --latency-ms "$latency" \
  --log "$work/requests.log" >"$work/emu.out" 2>"$work/emu.err" &
echo $! >"$work/emu.pid"
for _ in $(seq 1800); do grep -q '^listening on ' "$work/emu.out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/emu.out")
[ -n "$url" ] || die "the emulator did not start: $(cat "$work/emu.err")"
script="REPLICATE Issues WITH ChunkSize=$chunk;"
args=(--url "$url" --api-key demo-key --quiet -c "$script")
load() { "$build/backlogsql" "${args[@]}" --dest "sqlite:$1"; }  # DB → a REPLICATE run into DB
lines() { wc -l <"$work/requests.log"; }
list_calls_after() {  # FROM → issue-list calls logged after line FROM
  tail -n +"$(($1 + 1))" "$work/requests.log" | grep -c '^GET /api/v2/issues?' || true
}

# A clean first load: its calls are what a load costs, its table the fresh copy.
from=$(lines)
load "$work/fresh.db" >/dev/null 2>"$work/err" || die "clean first load failed: $(cat "$work/err")"
total=$(($(lines) - from))
total_lists=$(list_calls_after "$from")

# The same load, killed once 90% of its list calls are made.
kill_at=$((total_lists * 9 / 10))
from=$(lines)
"$build/backlogsql" "${args[@]}" --dest "sqlite:$work/out.db" >/dev/null 2>&1 &  # (not a function: $! is its pid)
echo $! >"$work/load.pid"
while [ "$(list_calls_after "$from")" -lt "$kill_at" ]; do
  kill -0 "$(cat "$work/load.pid")" 2>/dev/null || die "the load ended before 90% of its calls"
  sleep 0.002
done
kill -9 "$(cat "$work/load.pid")"
wait "$(cat "$work/load.pid")" 2>/dev/null || true
made=$(($(lines) - from))
committed=$(sqlite3 "$work/out.db" 'SELECT count(*) FROM "Issues"' 2>/dev/null || echo 0)
marker=$(sqlite3 "$work/out.db" "SELECT window_next FROM _backlogsql_checkpoints WHERE target = 'Issues'" 2>/dev/null || true)
[ -n "$marker" ] || die "no first load in progress after the kill ($committed rows committed)"

# The rerun: it resumes after the last committed chunk.
from=$(lines)
load "$work/out.db" >"$work/rerun.out" 2>"$work/err" || die "rerun failed: $(cat "$work/err")"
rerun=$(($(lines) - from))
differ=$(sqlite3 "$work/out.db" "ATTACH '$work/fresh.db' AS fresh;
  SELECT (SELECT count(*) FROM (SELECT * FROM main.Issues EXCEPT SELECT * FROM fresh.Issues))
       + (SELECT count(*) FROM (SELECT * FROM fresh.Issues EXCEPT SELECT * FROM main.Issues));")
rows=$(sqlite3 "$work/out.db" 'SELECT count(*) FROM "Issues"')
[ "$differ" = 0 ] && [ "$rows" = "$issues" ] || die "after the rerun: $rows rows, $differ differ from a fresh copy"

left=$((total - made))
chunk_calls=$(((chunk + 99) / 100))
echo "clean first load of $issues issues: $total calls ($total_lists issue lists), chunks of $chunk rows"
echo "killed after $made calls ($((100 * made / total))%): $committed rows committed, resume marker $marker"
echo "rerun: $rerun calls; left at the kill: $left, one chunk: $chunk_calls calls"
echo "replica after the rerun: $rows rows, equal to a fresh copy"
echo "calls of the rerun / (calls left + one chunk) ratio = $(awk -v a="$rerun" -v b="$((left + chunk_calls))" 'BEGIN { printf "%.2f", a / b }') (target <= 1.05)"
