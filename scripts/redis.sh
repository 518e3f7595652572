#!/usr/bin/env bash
# A throw-away Redis server for tests and local runs (nothing is saved to disk).
#
#   scripts/redis.sh start DIR   starts redis-server on a free 127.0.0.1 port, records its PID in
#                                DIR/redis.pid and prints its connection string as the last line
#   scripts/redis.sh stop DIR    stops the server whose PID is recorded in DIR/redis.pid
set -euo pipefail

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
command=$1
dir=$2

free_port() {
    # Binding to port 0 lets the kernel choose a free port.
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
    local port
    for port in $(seq 63790 63890); do
        if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

start() {
    command -v redis-server >/dev/null 2>&1 || { echo "redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ -f $dir/redis.pid ]] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
        echo "a server is already running from $dir (PID $(cat "$dir/redis.pid"))" >&2
        exit 1
    fi

    local port
    port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >&2

    for _ in $(seq 1 60); do
        if [[ -s $dir/redis.pid ]] && redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
            echo "Redis running (PID $(cat "$dir/redis.pid"), port $port)" >&2
            echo "127.0.0.1:$port"
            return
        fi
        sleep 0.2
    done
    echo "Redis did not become ready; see $dir/redis.log" >&2
    exit 1
}

stop() {
    local pidfile=$dir/redis.pid
    if [[ ! -f $pidfile ]]; then
        echo "no $pidfile: nothing to stop" >&2
        exit 0
    fi
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -f "$pidfile"
    echo "Redis (PID $pid) stopped" >&2
}

case $command in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
