#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for tests and local runs.
#
#   scripts/postgres.sh start DIR   installs postgresql if needed, initialises DIR, starts the
#                                   server on a free 127.0.0.1 port and prints its connection
#                                   string as the last line of stdout
#   scripts/postgres.sh stop DIR    stops the server whose PID is recorded in DIR/postgres.pid
#
# POSTGRES_PORT=N picks the port instead of a free one (a fault test restarts its server on the
# port its clients already use).
#
# initdb and pg_ctl refuse to run as root, so both run as the postgres user.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
command=$1
dir=$2

# Runs a command as the postgres user when we are root, directly otherwise.
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

install_postgres() {
    if [[ -x $PG_BIN/initdb ]]; then
        return
    fi
    echo "Installing postgresql (Debian package)..." >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
}

free_port() {
    # Binding to port 0 lets the kernel choose a free port.
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
    local port
    for port in $(seq 54320 54420); do
        if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

start() {
    install_postgres
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local data=$dir/data
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres:postgres "$dir"
    fi

    if [[ -f $dir/postgres.pid ]] && kill -0 "$(cat "$dir/postgres.pid")" 2>/dev/null; then
        echo "a server is already running from $dir (PID $(cat "$dir/postgres.pid"))" >&2
        exit 1
    fi

    if [[ ! -f $data/PG_VERSION ]]; then
        as_postgres "$PG_BIN/initdb -D '$data' --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >&2
    fi

    local port
    port=${POSTGRES_PORT:-$(free_port)}
    # fsync off: a test server trades durability for speed; nothing here outlives a run. Room for 500 connections:
    # the suite runs dozens of application instances at once, each with its own pool on its own database.
    local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500"
    as_postgres "$PG_BIN/pg_ctl -D '$data' -l '$dir/postgres.log' -o \"$options\" -w -t 60 start" >&2

    # pg_ctl -w has waited for readiness; postmaster.pid's first line is the server's PID.
    local pid
    pid=$(head -n 1 "$data/postmaster.pid")
    echo "$pid" >"$dir/postgres.pid"

    for _ in $(seq 1 60); do
        if as_postgres "$PG_BIN/pg_isready -h 127.0.0.1 -p $port -U postgres" >/dev/null 2>&1; then
            echo "PostgreSQL running (PID $pid, port $port, data $data)" >&2
            echo "Host=127.0.0.1;Port=$port;Username=postgres"
            return
        fi
        sleep 0.5
    done
    echo "PostgreSQL did not become ready; see $dir/postgres.log" >&2
    exit 1
}

stop() {
    local pidfile=$dir/postgres.pid
    if [[ ! -f $pidfile ]]; then
        echo "no $pidfile: nothing to stop" >&2
        exit 0
    fi
    local pid
    pid=$(cat "$pidfile")
    if [[ -f $dir/data/postmaster.pid ]] && [[ $(head -n 1 "$dir/data/postmaster.pid") == "$pid" ]]; then
        as_postgres "$PG_BIN/pg_ctl -D '$dir/data' -m fast -w -t 60 stop" >&2
    elif kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
    fi
    rm -f "$pidfile"
    echo "PostgreSQL (PID $pid) stopped" >&2
}

case $command in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
