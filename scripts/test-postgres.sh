#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a new temporary directory, listening on 127.0.0.1 only, on a
# free port, trusting the local user `canbao`. Nothing outside that directory is touched.
#
#   eval "$(bash scripts/test-postgres.sh start [--watch PID])"
#       prints CANBAO_TEST_DATABASE_URL, CANBAO_TEST_PGDATA, CANBAO_TEST_PGBIN; with --watch, a watchdog stops and
#       removes the cluster once process PID is gone, however it ended (even killed)
#   bash scripts/test-postgres.sh stop [DIR]
#       stops the cluster and removes its directory (default $CANBAO_TEST_PGDATA)
#
# initdb refuses to run as root: as root the directory is given to the `postgres` system user and the server runs as
# that user (su). Debian's server binaries live under /usr/lib/postgresql/VERSION/bin; PGBIN overrides the search.
set -euo pipefail

find_bin() {
  if [ -n "${PGBIN:-}" ] && [ -x "$PGBIN/initdb" ]; then echo "$PGBIN"; return; fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "test-postgres: PostgreSQL server binaries (initdb, pg_ctl) not found; run scripts/setup.sh" >&2
  exit 1
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$1"
  else
    sh -c "$1"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    # Nobody answers on it (bash's /dev/tcp connects; a refusal means it is free on loopback).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "test-postgres: no free port found" >&2
  exit 1
}

start() {
  local bin dir port watch=""
  if [ "${1:-}" = "--watch" ]; then watch="${2:?--watch needs a process id}"; fi
  bin=$(find_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/canbao-pg.XXXXXX")
  mkdir -p "$dir/data" "$dir/socket"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres "$dir"
    chmod 700 "$dir"
  fi
  chmod 700 "$dir/data"
  if ! as_owner "'$bin/initdb' -D '$dir/data' -A trust -U canbao --encoding=UTF8 --locale=C >'$dir/initdb.log' 2>&1"; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    exit 1
  fi
  # One role must give a password (scram), so the tests can show a wrong one refused; everyone else is trusted.
  as_owner "sed -i '1i host all canbao_password 127.0.0.1/32 scram-sha-256' '$dir/data/pg_hba.conf'"
  # Throwaway data: no fsync (the tests restart the server, they do not pull the power).
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 -o \"-p $port -k '$dir/socket' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"; then
      if [ -n "$watch" ]; then
        # Detached, holding none of our output: whoever reads it is not kept waiting.
        setsid bash -c "while kill -0 $watch 2>/dev/null; do sleep 2; done; exec bash '$0' stop '$dir'" \
          </dev/null >/dev/null 2>&1 &
      fi
      echo "export CANBAO_TEST_DATABASE_URL=postgres://canbao@127.0.0.1:$port/postgres"
      echo "export CANBAO_TEST_PGDATA=$dir"
      echo "export CANBAO_TEST_PGBIN=$bin"
      return
    fi
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir="${1:-${CANBAO_TEST_PGDATA:-}}" bin
  [ -n "$dir" ] || { echo "test-postgres: which cluster? (stop DIR)" >&2; exit 1; }
  case "$dir" in
    */canbao-pg.*) ;;
    *) echo "test-postgres: $dir is not a cluster this script made" >&2; exit 1 ;;
  esac
  bin=$(find_bin)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null 2>&1" || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" "${3:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
