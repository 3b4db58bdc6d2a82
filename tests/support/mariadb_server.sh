#!/usr/bin/env bash
# A throwaway MariaDB server for the tests (see shared TESTING.md):
#
#   tests/support/mariadb_server.sh start DIR [PORT]   # PORT: a free one is picked if omitted
#   tests/support/mariadb_server.sh stop DIR
#
# `start` creates a fresh DIR/data, runs mariadbd on 127.0.0.1 with its socket,
# pid and log in DIR, waits until it answers, and writes the connection URI
# (mysql://root@127.0.0.1:PORT/mysql) to DIR/uri. A server already running from DIR is
# reused. `stop` sends SIGTERM and waits for the process to exit (much faster than
# `mariadb-admin shutdown`), then removes DIR/uri. Output goes to DIR/log so ctest does
# not wait on our stdout.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }

running() { [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; }

stop() {
  if running; then
    local pid
    pid=$(cat "$dir/pid")
    kill -TERM "$pid"
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "mariadbd $pid did not stop" >&2; exit 1; fi
  fi
  rm -f "$dir/uri" "$dir/pid"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if running && [ -f "$dir/uri" ]; then cat "$dir/uri"; return 0; fi
  rm -f "$dir/uri" "$dir/pid"
  local user_args=()
  [ "$(id -u)" -eq 0 ] && user_args=(--user=root)
  # A fresh data directory every start: each run begins with an empty server.
  rm -rf "$dir/data"
  mariadb-install-db --no-defaults --datadir="$dir/data" "${user_args[@]}" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 ||
    { cat "$dir/install.log" >&2; exit 1; }
  local want=${1:-} port tries
  for tries in 1 2 3 4 5; do
    port=${want:-$((20000 + RANDOM % 20000))}
    port_free "$port" || { [ -n "$want" ] && { echo "port $port is taken" >&2; exit 1; }; continue; }
    # Small buffers: a test server holds little data; fsync off: throwaway data.
    mariadbd --no-defaults --datadir="$dir/data" "${user_args[@]}" --socket="$dir/sock" \
      --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/pid" --skip-log-bin \
      --innodb-buffer-pool-size=64M --innodb-log-file-size=48M --innodb-flush-log-at-trx-commit=0 \
      --innodb-doublewrite=0 --log-error="$dir/error.log" \
      >>"$dir/log" 2>&1 </dev/null &
    local pid=$!
    for _ in $(seq 1 300); do
      if mariadb-admin --no-defaults --socket="$dir/sock" -uroot ping >/dev/null 2>&1; then
        echo "mysql://root@127.0.0.1:$port/mysql" >"$dir/uri"
        cat "$dir/uri"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$want" ] && break
  done
  echo "mariadbd did not start; see $dir/error.log:" >&2
  tail -n 20 "$dir/error.log" >&2 || true
  exit 1
}

case "$cmd" in
  start) start "${3:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
