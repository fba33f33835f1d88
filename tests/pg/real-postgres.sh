#!/usr/bin/env bash
# The pgwire driver against a real PostgreSQL server that this script starts in a temporary
# folder, on 127.0.0.1 with a free port and on a Unix socket there. Faults are reported, never
# passed: a server or a user of the URL refused fails the run at its start (one line naming the
# target, exit 2); the others still print the run's full summary with exit status 1:
#   connection refused     a port nothing listens on (exit 2)
#   authentication failure scram-sha-256 on TCP, a wrong password (exit 2); a case user
#                          refused, the statement's result
#   statement timeout      pg_sleep(5) with --statement-timeout 500
#   server killed mid-file pg_ctl stop -m immediate while pg_sleep(3) runs
# Before them, two runs that must pass: plain SQL as two case users, and fixtures through the
# recipe tests/pg/postgres-recipe.sql (escaping checked by the real server).
#
# Usage: tests/pg/real-postgres.sh path/to/jobtck
# Exit 77 (skipped) only when PostgreSQL's server binaries are not installed, or when the
# server's user cannot write /dev/null (initdb cannot run). As root (CI), the
# server runs as the `postgres` user (PostgreSQL refuses root). Everything it made is removed on
# exit, whatever happens (trap).
set -u
jobtck=${1:-}
if [ -z "$jobtck" ]; then
    echo "usage: $0 path/to/jobtck" >&2
    exit 2
fi
case $jobtck in /*) ;; *) jobtck=$PWD/$jobtck ;; esac
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$0")/../.." || exit 2

# ---- the server's binaries ---------------------------------------------------------------
bindir=
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
        bindir=$d
        break
    fi
done
if [ -z "$bindir" ] && command -v pg_config >/dev/null; then
    d=$(pg_config --bindir)
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && bindir=$d
fi
if [ -z "$bindir" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    bindir=$(dirname "$(command -v pg_ctl)")
fi
if [ -z "$bindir" ]; then
    echo "SKIP: PostgreSQL server binaries (initdb, pg_ctl, postgres) not found;"
    echo "      scripts/deps.sh installs the postgresql package"
    exit 77
fi
psql=$bindir/psql
[ -x "$psql" ] || psql=$(command -v psql) || {
    echo "FAIL: PostgreSQL's server is installed ($bindir) but psql is not"
    exit 1
}
echo "PostgreSQL: $bindir ($("$bindir/postgres" --version))"

# PostgreSQL refuses to run as root: then the server runs as postgres.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "FAIL: running as root, and there is no postgres user to run the server as"
        exit 1
    fi
    if command -v runuser >/dev/null; then
        as_pg() { runuser -u postgres -- "$@"; }
    else
        as_pg() { su postgres -s /bin/sh -c '"$0" "$@"' -- "$@"; }
    fi
else
    as_pg() { "$@"; }
fi

# initdb's children write to /dev/null, which some sandboxes (CI's among them) make a regular
# file that only root may write. As root, the script runs again in a mount namespace of its own
# where /dev/null is the null device; where that cannot be, no server can be made: skipped.
if ! as_pg sh -c ': >/dev/null' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ] && [ -z "${JT_OWN_DEVNULL:-}" ] && command -v unshare >/dev/null; then
        node=$(mktemp -u /tmp/jt_null_XXXXXX)
        if mknod -m 666 "$node" c 1 3 2>/dev/null; then
            JT_OWN_DEVNULL=$node exec unshare -m sh -c \
                'mount --bind "$JT_OWN_DEVNULL" /dev/null; rm -f "$JT_OWN_DEVNULL"; exec bash "$@"' \
                sh "$self" "$jobtck"
        fi
    fi
    echo "SKIP: the server's user cannot write /dev/null (a regular file here), which initdb needs"
    exit 77
fi

tmp=$(mktemp -d /tmp/jt_pg_XXXXXX) || exit 2
chmod 755 "$tmp"
mkdir "$tmp/sock" "$tmp/out"
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp" "$tmp/sock"
started=0
cleanup() {
    if [ "$started" -eq 1 ]; then
        as_pg "$bindir/pg_ctl" -D "$tmp/data" stop -m immediate -w -t 10 >/dev/null 2>&1
    fi
    # A server left by an interrupted stop: its postmaster.pid names it.
    if [ -f "$tmp/data/postmaster.pid" ]; then
        kill -KILL "$(head -n 1 "$tmp/data/postmaster.pid")" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok   $1"
}
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    shift
    for line in "$@"; do echo "     $line"; done
}

# A port nothing listens on (from a random start; bounded).
free_port() {
    local p i
    for i in $(seq 50); do
        p=$((20000 + (RANDOM * 7 + i) % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# ---- the server --------------------------------------------------------------------------
if ! as_pg "$bindir/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$tmp/initdb.log" 2>&1; then
    echo "FAIL: initdb"
    cat "$tmp/initdb.log"
    exit 1
fi
# Trust on the socket; a password (scram-sha-256) on TCP.
printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' |
    as_pg tee "$tmp/data/pg_hba.conf" >/dev/null
started=1
# A free port can be taken before the server binds it: then again with another (3 times).
for attempt in 1 2 3; do
    port=$(free_port) || {
        echo "FAIL: no free port"
        exit 1
    }
    if as_pg "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/data/server.log" -w -t 30 \
        -o "-p $port -k $tmp/sock -c listen_addresses=127.0.0.1 -c fsync=off" start \
        >"$tmp/start.log" 2>&1; then
        break
    fi
    if [ "$attempt" -eq 3 ]; then
        echo "FAIL: pg_ctl start"
        cat "$tmp/start.log" "$tmp/data/server.log"
        exit 1
    fi
done
echo "server on 127.0.0.1:$port and $tmp/sock"
pg() { # SQL as postgres on the socket
    PGCONNECT_TIMEOUT=5 timeout 30 "$psql" -X -q -A -t -h "$tmp/sock" -p "$port" -U postgres \
        -d postgres -v ON_ERROR_STOP=1 -c "$1"
}
if ! pg "CREATE ROLE alice LOGIN PASSWORD 'right'; CREATE ROLE root LOGIN;
         CREATE ROLE testuser LOGIN;" >"$tmp/setup.log" 2>&1; then
    fail "create the roles" "$(cat "$tmp/setup.log")"
fi

sock_url="postgresql://postgres@/postgres?host=$tmp/sock&port=$port"
summary='^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$'

# run NAME WANT_STATUS ARGS...: runs jobtck run ARGS (bounded), keeps its output in out/NAME.
run() {
    local name=$1 want=$2 status
    shift 2
    timeout 120 "$jobtck" run "$@" >"$tmp/out/$name" 2>&1
    status=$?
    if [ "$status" -eq "$want" ]; then
        ok "$name: exit status $want"
    else
        fail "$name: exit status $want" "got $status" "$(cat "$tmp/out/$name")"
    fi
}
# expect NAME TEXT...: out/NAME has each fixed TEXT (or, for ^…$, that regex on a line).
expect() {
    local name=$1 text
    shift
    for text in "$@"; do
        case $text in
        ^*) grep -Eq "$text" "$tmp/out/$name" ;;
        *) grep -Fq -- "$text" "$tmp/out/$name" ;;
        esac
        if [ $? -eq 0 ]; then
            ok "$name: says '$text'"
        else
            fail "$name: says '$text'" "$(cat "$tmp/out/$name")"
        fi
    done
}

# ---- what must pass ----------------------------------------------------------------------
run plain 0 --driver "pgwire:$sock_url" tests/pg/cases/ok.test
expect plain "tests/pg/cases/ok.test: 3 passed, 0 failed, 0 skipped" "$summary"
run recipe 0 --driver "pgwire:$sock_url" --fixtures tests/pg/postgres-recipe.sql \
    tests/pg/cases/fixtures.test
expect recipe "tests/pg/cases/fixtures.test: 2 passed, 0 failed, 0 skipped"

# ---- faults: reported, never passed ------------------------------------------------------
refused_port=$(free_port)
# The URL's server or user refused: the run fails at its start, one line naming the target.
run refused 2 --driver "pgwire:postgresql://root@127.0.0.1:$refused_port/postgres" \
    tests/pg/cases/ok.test tests/pg/cases/sleep.test
expect refused "^jobtck run: pgwire:postgresql://root@127.0.0.1:$refused_port/postgres: cannot connect as root: .*Connection refused"
if [ "$(wc -l <"$tmp/out/refused")" -eq 1 ]; then
    ok "refused: one line, no file run"
else
    fail "refused: one line, no file run" "$(cat "$tmp/out/refused")"
fi

run auth 2 --driver "pgwire:postgresql://alice:wrong@127.0.0.1:$port/postgres" \
    --fixtures tests/pg/postgres-recipe.sql tests/pg/cases/fixtures.test
expect auth 'cannot connect as alice: ' 'password authentication failed for user "alice"'
# A case user's session refused as a user that does not exist is refused (same text, 28P01):
# the statement's result, as the model answers a user no fixture declares (docs/profiles.md).
run auth-user 1 --driver "pgwire:postgresql://alice:right@127.0.0.1:$port/postgres" \
    tests/pg/cases/ok.test
expect auth-user 'got error 28P01: password authentication failed for user "root"' \
    "tests/pg/cases/ok.test: 0 passed, 3 failed, 0 skipped" "^0 passed, 3 failed, 0 skipped$"

run timeout 1 --driver "pgwire:$sock_url" --statement-timeout 500 tests/pg/cases/sleep.test \
    tests/pg/cases/ok.test
expect timeout "tests/pg/cases/sleep.test:4: driver failure: statement timed out: no result within 500 ms as root (canceled)" \
    "tests/pg/cases/sleep.test: 0 passed, 2 failed, 0 skipped" \
    "tests/pg/cases/ok.test: 3 passed, 0 failed, 0 skipped" "^3 passed, 2 failed, 0 skipped$"
if grep -q "canceling statement due to user request" "$tmp/data/server.log"; then
    ok "timeout: the server got the cancel request"
else
    fail "timeout: the server got the cancel request" "$(tail -n 5 "$tmp/data/server.log")"
fi

# The server stopped while the first statement of a file runs.
timeout 120 "$jobtck" run --driver "pgwire:$sock_url" --statement-timeout 20000 \
    tests/pg/cases/killed.test tests/pg/cases/ok.test >"$tmp/out/killed" 2>&1 &
runner=$!
seen=0
for _ in $(seq 100); do
    if pg "SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%'" 2>/dev/null |
        grep -q 1; then
        seen=1
        break
    fi
    sleep 0.1
done
[ "$seen" -eq 1 ] || fail "killed: pg_sleep(3) was seen running"
as_pg "$bindir/pg_ctl" -D "$tmp/data" stop -m immediate -w -t 30 >"$tmp/stop.log" 2>&1 ||
    fail "killed: pg_ctl stop -m immediate" "$(cat "$tmp/stop.log")"
started=0
wait "$runner"
status=$?
if [ "$status" -eq 1 ]; then
    ok "killed: exit status 1"
else
    fail "killed: exit status 1" "got $status" "$(cat "$tmp/out/killed")"
fi
expect killed "tests/pg/cases/killed.test:4: driver failure: connection lost as root: " \
    "tests/pg/cases/killed.test: 0 passed, 2 failed, 0 skipped" \
    "tests/pg/cases/ok.test: 0 passed, 3 failed, 0 skipped" "^0 passed, 5 failed, 0 skipped$"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
