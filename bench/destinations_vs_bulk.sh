#!/usr/bin/env bash
# First loads into PostgreSQL and MariaDB vs each engine's own bulk load of the same rows,
# measured in one run against one emulator:
#
#   REPLICATE into PostgreSQL   vs  psql: BEGIN; CREATE TABLE (LIKE "Issues" INCLUDING ALL); \copy FROM file; COMMIT
#   REPLICATE into MariaDB      vs  mariadb: CREATE TABLE … LIKE Issues; LOAD DATA LOCAL INFILE file
#
#   bench/destinations_vs_bulk.sh [ISSUES=100000] [ROUNDS=3]       (BUILD=build by default)
#
# Each round replicates `Issues` with the built backlogsql into a new, empty database
# (wall time of the whole program: reading the emulator, converting, writing, committing)
# and bulk-loads the same rows with the engine's own client into a new table of the same
# shape (keys included). The bulk files are the engine's own export of a replica made
# before the rounds (`\copy … TO`, `SELECT … INTO OUTFILE`), so every value is already in
# the engine's format. It also times `SELECT * FROM Issues` (the read alone: REPLICATE can
# be no faster than it). Printed: each round's times, then the median ratios
# REPLICATE/bulk (target <= 1.3) and REPLICATE/max(bulk, scan), each followed by its
# rounds' ratios ("; rounds 1.28 1.25 1.13", the spread in BENCHMARKS.md).
# Throwaway servers come from tests/support (fsync off, as in the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
issues=${1:-100000}
rounds=${2:-3}
build=${BUILD:-build}
work=$(mktemp -d /tmp/backlogsql-bench.XXXXXX)
chmod 755 "$work"
emu_pid=
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true
  tests/support/postgres_server.sh stop "$work/pg" >/dev/null 2>&1 || true
  tests/support/mariadb_server.sh stop "$work/my" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "servers and emulator ($issues issues)…" >&2
tests/support/postgres_server.sh start "$work/pg" 56432 >/dev/null
tests/support/mariadb_server.sh start "$work/my" >/dev/null
pg_uri=$(cat "$work/pg/uri")                 # postgresql://postgres@127.0.0.1:P/postgres
pg_base=${pg_uri%/*}
my_uri=$(cat "$work/my/uri")                 # mysql://root@127.0.0.1:P/mysql
my_base=${my_uri%/*}
my_sock="$work/my/sock"
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
maria() { mariadb --no-defaults --socket="$my_sock" -uroot "$@"; }

"$build/backlog-emulator" --port 0 --issues "$issues" --projects 10 --comments-per-issue 0 >"$work/emu.out" 2>/dev/null &
emu_pid=$!
for _ in $(seq 600); do grep -q '^listening on ' "$work/emu.out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/emu.out")
blsql() { "$build/backlogsql" --url "$url" --api-key demo-key --quiet "$@"; }

# The bulk files: each engine's export of a replica made once, before the rounds.
psql_q "$pg_base/postgres" -c 'CREATE DATABASE prep'
blsql --dest "$pg_base/prep" -c 'REPLICATE Issues;' >/dev/null
psql_q "$pg_base/prep" -c "\\copy \"Issues\" TO '$work/issues.pg'"
maria -e 'CREATE DATABASE prep CHARACTER SET utf8mb4'
blsql --dest "$my_base/prep" -c 'REPLICATE Issues;' >/dev/null
maria prep -e "SELECT * FROM Issues INTO OUTFILE '$work/issues.my'"
echo "bulk files: $(wc -l <"$work/issues.pg") rows (PostgreSQL), $(wc -l <"$work/issues.my") rows (MariaDB)" >&2

time_replicate() {  # URI → seconds of one first load
  local t0 t1
  t0=$(now); blsql --dest "$1" -c 'REPLICATE Issues;' >/dev/null; t1=$(now)
  elapsed "$t0" "$t1"
}
time_pg_copy() {  # database → seconds of psql's bulk load into a new table shaped like Issues
  local t0 t1
  t0=$(now)
  psql_q "$pg_base/$1" <<SQL
BEGIN;
CREATE TABLE "Bulk" (LIKE "Issues" INCLUDING ALL);
\\copy "Bulk" FROM '$work/issues.pg'
COMMIT;
SQL
  t1=$(now)
  elapsed "$t0" "$t1"
}
time_my_load() {  # database → seconds of LOAD DATA LOCAL INFILE into a new table like Issues
  local t0 t1
  t0=$(now)
  maria --local-infile=1 "$1" -e "CREATE TABLE Bulk LIKE Issues; LOAD DATA LOCAL INFILE '$work/issues.my' INTO TABLE Bulk;"
  t1=$(now)
  elapsed "$t0" "$t1"
}
time_scan() {
  local t0 t1
  t0=$(now); blsql -c 'SELECT * FROM Issues' >/dev/null; t1=$(now)
  elapsed "$t0" "$t1"
}

: >"$work/pg.ratios"; : >"$work/pg.floor"; : >"$work/my.ratios"; : >"$work/my.floor"
for r in $(seq "$rounds"); do
  psql_q "$pg_base/postgres" -c "CREATE DATABASE r$r"
  maria -e "CREATE DATABASE r$r CHARACTER SET utf8mb4"
  # REPLICATE first: the bulk load's table takes its shape (and key) from the replica.
  pg_rep=$(time_replicate "$pg_base/r$r"); pg_bulk=$(time_pg_copy "r$r")
  my_rep=$(time_replicate "$my_base/r$r"); my_bulk=$(time_my_load "r$r")
  scan=$(time_scan)
  rows_pg=$(psql -X -At "$pg_base/r$r" -c "SELECT (SELECT count(*) FROM \"Issues\") || '/' || (SELECT count(*) FROM \"Bulk\")")
  rows_my=$(maria -N "r$r" -e "SELECT CONCAT((SELECT COUNT(*) FROM Issues), '/', (SELECT COUNT(*) FROM Bulk))")
  awk -v a="$pg_rep" -v b="$pg_bulk" 'BEGIN { printf "%.3f\n", a / b }' >>"$work/pg.ratios"
  awk -v a="$my_rep" -v b="$my_bulk" 'BEGIN { printf "%.3f\n", a / b }' >>"$work/my.ratios"
  awk -v a="$pg_rep" -v b="$pg_bulk" -v s="$scan" 'BEGIN { m = b > s ? b : s; printf "%.3f\n", a / m }' >>"$work/pg.floor"
  awk -v a="$my_rep" -v b="$my_bulk" -v s="$scan" 'BEGIN { m = b > s ? b : s; printf "%.3f\n", a / m }' >>"$work/my.floor"
  echo "round $r: scan ${scan}s | PostgreSQL REPLICATE ${pg_rep}s, \\copy ${pg_bulk}s (rows $rows_pg) | MariaDB REPLICATE ${my_rep}s, LOAD DATA ${my_bulk}s (rows $rows_my)"
  psql_q "$pg_base/postgres" -c "DROP DATABASE r$r"
  maria -e "DROP DATABASE r$r"
done
rounds_of() { echo "; rounds $(tr '\n' ' ' <"$1" | sed 's/ $//')"; }  # bench_table.py's spread
echo "PostgreSQL: REPLICATE / \\copy            median ratio = $(median <"$work/pg.ratios") (target <= 1.3)$(rounds_of "$work/pg.ratios")"
echo "PostgreSQL: REPLICATE / max(\\copy, scan) median ratio = $(median <"$work/pg.floor")$(rounds_of "$work/pg.floor")"
echo "MariaDB:    REPLICATE / LOAD DATA        median ratio = $(median <"$work/my.ratios") (target <= 1.3)$(rounds_of "$work/my.ratios")"
echo "MariaDB:    REPLICATE / max(LOAD, scan)  median ratio = $(median <"$work/my.floor")$(rounds_of "$work/my.floor")"
