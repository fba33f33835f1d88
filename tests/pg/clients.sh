#!/usr/bin/env bash
# The client matrix: the clients people use against `jobtck serve`, each running the documented
# examples (the PAUSE JOB page's single pause and pause by user, with parameters where the client
# has them; a user without the admin role refused, read by its SQLSTATE) against a serve of its
# own, on loopback with a free port. Then the jobs' statuses are read back with psql.
#
#   clients.sh psql     JOBTCK   a script with \set ON_ERROR_STOP on, run in one transaction (-1)
#   clients.sh psycopg2 JOBTCK   Debian's python3-psycopg2, its default transactional mode
#   clients.sh psycopg  JOBTCK   Debian's python3-psycopg (psycopg 3), server-side parameters
#   clients.sh node     JOBTCK BUILD_DIR
#                                node-postgres, installed by npm ci into BUILD_DIR/pg-node from
#                                tests/pg/node/package-lock.json: $1 and a named statement
#   clients.sh pgbench  JOBTCK   pgbench -M simple, extended and prepared with a job-control
#                                script, and SQL PREPARE in every client at once: no failure
#   clients.sh libpq    JOBTCK LIBPQ_EXAMPLES
#                                PQexecParams, PQprepare, PQexecPrepared from C
#
# Exit 77 (skipped) when the client is not installed, except in CI (CI set, and not false or
# 0; .ci/run sets CI=true), where it fails: scripts/deps.sh installs every one.
set -u
client=${1:-}
jobtck=${2:-}
extra=${3:-}
case $client in
psql | psycopg2 | psycopg | node | pgbench | libpq) ;;
*)
    echo "usage: $0 psql|psycopg2|psycopg|node|pgbench|libpq path/to/jobtck [BUILD_DIR|PROGRAM]" >&2
    exit 2
    ;;
esac
[ -n "$jobtck" ] || exit 2
case $jobtck in /*) ;; *) jobtck=$PWD/$jobtck ;; esac
case $extra in '' | /*) ;; *) extra=$PWD/$extra ;; esac
cd "$(dirname "$0")/../.." || exit 2
here=tests/pg/clients

missing() { # TOOL PACKAGE
    if [ -n "${CI:-}" ] && [ "${CI:-}" != false ] && [ "${CI:-}" != 0 ]; then
        echo "FAIL: $1 is not installed (scripts/deps.sh installs $2)"
        exit 1
    fi
    echo "SKIP: $1 is not installed (scripts/deps.sh installs $2)"
    exit 77
}
command -v psql >/dev/null || missing psql postgresql
python=/usr/bin/python3 # Debian's, whose packages are python3-psycopg2 and python3-psycopg
case $client in
psycopg2) "$python" -c 'import psycopg2' 2>/dev/null || missing psycopg2 python3-psycopg2 ;;
psycopg) "$python" -c 'import psycopg' 2>/dev/null || missing psycopg python3-psycopg ;;
node) { command -v node && command -v npm; } >/dev/null || missing node/npm nodejs ;;
pgbench) command -v pgbench >/dev/null || missing pgbench postgresql ;;
esac

tmp=$(mktemp -d /tmp/jt_clients_XXXXXX) || exit 2
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$jobtck" serve --listen 127.0.0.1:0 >"$tmp/port" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
    [ -s "$tmp/port" ] && break
    sleep 0.1
done
port=$(head -n 1 "$tmp/port")
case $port in '' | *[!0-9]*)
    echo "FAIL serve printed no port"
    cat "$tmp/serve.log"
    exit 1
    ;;
esac
export PGHOST=127.0.0.1 PGPORT=$port PGDATABASE=defaultdb PGSSLMODE=disable PGCONNECT_TIMEOUT=5

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
# step NAME COMMAND...: runs it (60 s at most); ok when it exits 0, with its last line.
step() {
    local name=$1 out
    shift
    if out=$(timeout 60 "$@" 2>&1); then
        ok "$name: $(printf '%s\n' "$out" | tail -n 1)"
    else
        fail "$name: exit $?" "$(printf '%s\n' "$out" | tail -n 15)"
    fi
}
q() { # USER SQL: unaligned rows
    psql -X -A -t -U "$1" -c "$2" 2>&1
}

if [ "$client" = pgbench ]; then
    { echo "JOBTCK RESET;"; for i in $(seq 100); do
        echo "JOBTCK FIXTURE JOB id=$i type='BACKUP' status='running';"
    done; } >"$tmp/jobs.sql"
    step "100 jobs" psql -X -q -v ON_ERROR_STOP=1 -U root -f "$tmp/jobs.sql"
    for mode in simple extended prepared; do
        out=$(timeout 120 pgbench -n -U root -M "$mode" -c 8 -j 2 -t 200 \
            -f "$here/pgbench_control.sql" 2>&1)
        st=$?
        processed=$(printf '%s\n' "$out" | sed -n 's/^number of transactions actually processed: //p')
        nfailed=$(printf '%s\n' "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
        if [ "$st" -eq 0 ] && [ "$processed" = "1600/1600" ] && [ "${nfailed:-0}" = 0 ]; then
            ok "pgbench -M $mode, 8 clients: $processed, $(printf '%s\n' "$out" | grep '^tps' | head -n 1)"
        else
            fail "pgbench -M $mode: exit $st, processed '$processed', failed '$nfailed'" \
                "$(printf '%s\n' "$out" | tail -n 15)"
        fi
    done
    out=$(timeout 120 pgbench -n -U root -M simple -c 8 -j 2 -t 200 \
        -f "$here/pgbench_prepare.sql" 2>&1)
    st=$?
    processed=$(printf '%s\n' "$out" | sed -n 's/^number of transactions actually processed: //p')
    if [ "$st" -eq 0 ] && [ "$processed" = "1600/1600" ]; then
        ok "pgbench, PREPARE p in 8 clients at once: $processed, none collides"
    else
        fail "pgbench, PREPARE p in 8 clients at once: exit $st, processed '$processed'" \
            "$(printf '%s\n' "$out" | tail -n 15)"
    fi
    echo "$client: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

step "the examples' jobs" psql -X -q -v ON_ERROR_STOP=1 -U root -f "$here/fixtures.sql"
case $client in
psql)
    step "psql -1 -f examples.sql (ON_ERROR_STOP, variables)" \
        psql -X -1 -q -v id=27536791415282 -v owner=maxroach -U root -f "$here/examples.sql"
    out=$(psql -X -U maxroach -v id=1 -f "$here/refusal.sql" 2>&1)
    st=$?
    if [ "$st" -eq 3 ] && printf '%s\n' "$out" | grep -q \
        'ERROR:  42501: only users with the admin role are allowed to RESUME JOBS'; then
        ok "psql as maxroach: RESUME JOB refused with 42501, ON_ERROR_STOP exits 3"
    else
        fail "psql as maxroach: exit $st" "$out"
    fi
    ;;
psycopg2) step "psycopg2" "$python" "$here/psycopg2_examples.py" "$port" ;;
psycopg) step "psycopg 3" "$python" "$here/psycopg_examples.py" "$port" ;;
node)
    nodedir=${extra:-$tmp}/pg-node
    mkdir -p "$nodedir"
    cp tests/pg/node/package.json tests/pg/node/package-lock.json tests/pg/node/examples.js \
        "$nodedir/"
    if [ ! -d "$nodedir/node_modules/pg" ] &&
        ! (cd "$nodedir" && timeout 300 npm ci --no-audit --no-fund >npm.log 2>&1); then
        fail "npm ci (node-postgres from tests/pg/node/package-lock.json)" "$(tail -n 10 "$nodedir/npm.log")"
    else
        step "node-postgres" node "$nodedir/examples.js" "$port"
    fi
    ;;
libpq) step "libpq from C" "$extra" "$port" ;;
esac

want="1|paused
2|paused
3|paused
4|paused
5|running
27536791415282|paused"
got=$(q root 'SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id')
if [ "$got" = "$want" ]; then
    ok "after $client: the single job and maxroach's four are paused, root's other runs"
else
    fail "after $client: the jobs' statuses" "expected: $(echo $want)" "got:      $(echo $got)"
fi
echo "$client: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
