#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (Debian's postgresql package, 127.0.0.1 only).
#
#   postgres_server.sh start DIR [PORT]   # starts a cluster; writes DIR/uri and DIR/cluster
#   postgres_server.sh stop DIR           # stops it and removes the cluster
#
# DIR/uri is `postgresql://postgres@127.0.0.1:PORT/postgres` (trust authentication), except
# that members of the role `pw_users` (created here) must log in with a password
# (scram-sha-256), so tests can check wrong-password handling. The cluster itself lives in a fresh mktemp
# directory (recorded in DIR/cluster) owned by the server's user: the build tree may not be
# reachable by the `postgres` user. PORT is where the search for a free port starts
# (default 55432); another run holding a port makes this one take the next.
# Speed over safety: initdb --no-sync and fsync=off (the data is thrown away).
set -euo pipefail

usage() { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1 dir=$2

bindir=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
fi
[ -x "$bindir/initdb" ] || { echo "postgres_server: initdb not found (apt-get install postgresql)" >&2; exit 1; }

# Postgres refuses to run as root: run it as the `postgres` user the package creates.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  mkdir -p "$dir"
  if [ -f "$dir/cluster" ] && [ -d "$(cat "$dir/cluster")/data" ]; then
    stop  # a leftover from an interrupted run
  fi
  rm -f "$dir/uri" "$dir/cluster"
  local cluster
  cluster=$(mktemp -d /tmp/backlogsql-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$cluster"
  echo "$cluster" > "$dir/cluster"
  as_server "$bindir/initdb" --no-sync -D "$cluster/data" -A trust -U postgres -E UTF8 \
      --locale=C.UTF-8 > "$cluster/initdb.log" 2>&1 ||
    { cat "$cluster/initdb.log" >&2; exit 1; }
  cat > "$cluster/data/pg_hba.conf" <<'EOF'
# Written by tests/support/postgres_server.sh: members of pw_users need their password.
local all all                      trust
host  all +pw_users 127.0.0.1/32   scram-sha-256
host  all all     127.0.0.1/32     trust
EOF
  local port=${3:-55432} tries=0
  while :; do
    if ! port_busy "$port"; then
      # Output goes to a file: ctest waits for every process holding its pipes.
      if as_server "$bindir/pg_ctl" -D "$cluster/data" -w -t 60 -l "$cluster/log" \
          -o "-k $cluster -p $port -c listen_addresses=127.0.0.1 -c fsync=off \
              -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
          start > "$cluster/pg_ctl.log" 2>&1; then
        break
      fi
      grep -q "could not bind\|already in use" "$cluster/log" 2>/dev/null ||
        { cat "$cluster/pg_ctl.log" "$cluster/log" >&2; exit 1; }
    fi
    tries=$((tries + 1)) port=$((port + 1))
    [ $tries -lt 50 ] || { echo "postgres_server: no free port" >&2; exit 1; }
  done
  "$bindir/psql" -X -q -h "$cluster" -p "$port" -U postgres -d postgres \
      -c "CREATE ROLE pw_users NOLOGIN" > /dev/null
  echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$dir/uri.tmp"
  mv "$dir/uri.tmp" "$dir/uri"
  echo "postgres_server: $(cat "$dir/uri") (cluster $cluster)"
}

stop() {
  [ -f "$dir/cluster" ] || return 0
  local cluster
  cluster=$(cat "$dir/cluster")
  case "$cluster" in /tmp/backlogsql-pg.*) ;; *) echo "postgres_server: odd cluster path $cluster" >&2; exit 1 ;; esac
  if [ -f "$cluster/data/postmaster.pid" ]; then
    as_server "$bindir/pg_ctl" -D "$cluster/data" -m immediate -w stop > /dev/null 2>&1 || true
  fi
  rm -rf "$cluster"
  rm -f "$dir/uri" "$dir/cluster"
}

case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  *) usage ;;
esac
