#!/usr/bin/env bash
# Load and soak: pgbench with many clients for a bounded time against jobtck serve, then the
# same against PostgreSQL on this machine, for a ratio. A benchmark, not a test: it prints
# figures (transactions per second, failed transactions, serve's memory before and after) and
# fails only when a run itself fails.
#
#   tools/serve_load.sh [-T SECONDS] [-c CLIENTS] [-n JOBS] [-M simple|extended|prepared]
#                       [JOBTCK]
#
# Defaults: 20 s, 200 clients, 1000 jobs, -M prepared. serve: JOBS jobs and
# tools/serve_load_serve.sql (PAUSE JOB, RESUME JOB, a SELECT by key: the model finds a job of
# a WHERE by reading them all, so its cost grows with JOBS). PostgreSQL: a temporary cluster of
# the installed server (15 on Debian 12) on a Unix socket in a temporary folder, started and
# stopped here (as the postgres user when run as root), with a table of JOBS jobs and
# tools/serve_load_pg.sql (two UPDATEs and a SELECT by key); synchronous_commit off, as serve
# keeps nothing on disk either.
set -u
seconds=20
clients=200
jobs=1000
mode=prepared
while getopts T:c:n:M: opt; do
    case $opt in
    T) seconds=$OPTARG ;;
    c) clients=$OPTARG ;;
    n) jobs=$OPTARG ;;
    M) mode=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
jobtck=${1:-build/jobtck}
case $jobtck in /*) ;; *) jobtck=$PWD/$jobtck ;; esac
cd "$(dirname "$0")/.." || exit 2
for tool in pgbench psql; do
    command -v "$tool" >/dev/null || { echo "serve_load: no $tool (scripts/deps.sh)"; exit 2; }
done
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r | head -n 1)

tmp=$(mktemp -d /tmp/jt_load_XXXXXX) || exit 2
chmod 755 "$tmp"
pid=
pg_started=0
if [ "$(id -u)" -eq 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
cleanup() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    [ "$pg_started" -eq 1 ] && as_pg "$bindir/pg_ctl" -D "$tmp/pg" stop -m fast -w >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
# bench NAME PGBENCH-ARGS...: runs pgbench; prints its figures; sets tps and nfailed.
bench() {
    local name=$1 out st
    shift
    out=$(pgbench -n -c "$clients" -j 2 -T "$seconds" -M "$mode" "$@" 2>&1)
    st=$?
    tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p')
    nfailed=$(printf '%s\n' "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
    local done_=$(printf '%s\n' "$out" | sed -n 's/^number of transactions actually processed: //p')
    local lat=$(printf '%s\n' "$out" | sed -n 's/^latency average = //p')
    echo "$name: exit $st, $done_ transactions, ${tps:-?} tps, ${nfailed:-?} failed, latency average $lat"
    if [ "$st" -ne 0 ] || [ -z "$tps" ]; then
        printf '%s\n' "$out" | tail -n 20
        exit 1
    fi
}

echo "$jobs jobs; pgbench -c $clients -j 2 -T $seconds -M $mode ($(pgbench --version)); $(nproc) cores"
"$jobtck" serve --listen 127.0.0.1:0 --max-connections $((clients + 10)) >"$tmp/port" \
    2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(head -n 1 "$tmp/port")
{ for i in $(seq "$jobs"); do echo "JOBTCK FIXTURE JOB id=$i type='BACKUP' status='running';"; done; } \
    >"$tmp/jobs.sql"
psql -X -q -h 127.0.0.1 -p "$port" -U root -d load -v ON_ERROR_STOP=1 -f "$tmp/jobs.sql" || exit 1
before=$(rss_mb "$pid")
bench "jobtck serve" -h 127.0.0.1 -p "$port" -U root -D jobs="$jobs" load \
    -f tools/serve_load_serve.sql
serve_tps=$tps
serve_failed=$nfailed
after=$(rss_mb "$pid")
echo "jobtck serve: resident memory ${before} MB before, ${after} MB after"
kill -TERM "$pid"
wait "$pid"
pid=

if [ -z "$bindir" ]; then
    echo "PostgreSQL: no server installed (scripts/deps.sh installs postgresql): no ratio"
    exit 0
fi
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp"
as_pg "$bindir/initdb" -D "$tmp/pg" -U postgres -A trust >/dev/null || exit 1
as_pg "$bindir/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w start -o \
    "-c listen_addresses='' -c unix_socket_directories='$tmp' -c max_connections=$((clients + 10)) -c synchronous_commit=off" \
    >/dev/null || { cat "$tmp/pg.log"; exit 1; }
pg_started=1
psql -X -q -h "$tmp" -U postgres -d postgres -v ON_ERROR_STOP=1 -c \
    "CREATE TABLE jobs (id INT PRIMARY KEY, status TEXT NOT NULL);
     INSERT INTO jobs SELECT i, 'running' FROM generate_series(1, $jobs) i;" || exit 1
bench "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')" -h "$tmp" -U postgres \
    -D jobs="$jobs" postgres -f tools/serve_load_pg.sql
echo "ratio: jobtck serve / PostgreSQL = $(awk -v a="$serve_tps" -v b="$tps" 'BEGIN {printf "%.2f", a / b}')"
echo "jobtck serve: ${serve_failed:-?} failed transactions"
