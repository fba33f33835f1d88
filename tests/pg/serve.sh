#!/usr/bin/env bash
# jobtck serve end to end, through the built binary, on loopback with a free port.
#
#   serve.sh suite JOBTCK   the bundled suite through --driver pgwire to serve gives exactly the
#                           in-process output and exit status (on two databases at once; then
#                           a file again on a used database); without a recipe, files with
#                           fixtures are skipped, never passed (the others run); SIGTERM stops
#                           serve cleanly.
#   serve.sh psql JOBTCK    psql against serve: SHOW JOBS, the documented examples of the PAUSE
#                           JOB page, an error with its SQLSTATE, \d and the like (0A000: no
#                           catalogs); malformed and oversized input closes that connection and
#                           serve goes on. Exit 77 without psql.
#   serve.sh profiles JOBTCK
#                           each profile's cases (cases/profiles/<p>/) through pgwire to a
#                           serve --profile <p> give the in-process output byte for byte (its
#                           jobs move by the recipe's JOBTCK ADVANCE); then tests/pg/live/ on a
#                           serve whose jobs move on their own (--progress-ms), through a
#                           recipe without @advance: the runner polls, and passes.
#   serve.sh sessions JOBTCK
#                           jobtck sim --sessions against serve: linearizable, for several seeds
#                           and profiles; against serve --racy-reads (stale reads on purpose):
#                           caught, NOT linearizable.
set -u
mode=${1:-}
jobtck=${2:-}
if [ -z "$jobtck" ] || { [ "$mode" != suite ] && [ "$mode" != psql ] &&
    [ "$mode" != profiles ] && [ "$mode" != sessions ]; }; then
    echo "usage: $0 suite|psql|profiles|sessions path/to/jobtck" >&2
    exit 2
fi
case $jobtck in /*) ;; *) jobtck=$PWD/$jobtck ;; esac
cd "$(dirname "$0")/../.." || exit 2
if [ "$mode" = psql ] && ! command -v psql >/dev/null; then
    echo "SKIP: no psql (scripts/deps.sh installs postgresql)"
    exit 77
fi

tmp=$(mktemp -d /tmp/jt_serve_XXXXXX) || exit 2
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

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
# same NAME EXPECTED GOT
same() {
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "expected: $2" "got:      $3"; fi
}

# A world per database: the suite runs twice at once, on two databases.
"$jobtck" serve --listen 127.0.0.1:0 --world-per-database >"$tmp/port" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
    [ "$(wc -l <"$tmp/port")" -ge 1 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
port=$(head -n 1 "$tmp/port")
case $port in
'' | *[!0-9]*)
    echo "FAIL serve printed no port on its first line"
    cat "$tmp/serve.log"
    exit 1
    ;;
esac
echo "serve on 127.0.0.1:$port (pid $pid)"
url="postgresql://root@127.0.0.1:$port"

# Stops serve with SIGTERM: it must exit 0 within 10 seconds.
stop_serve() {
    local i status
    kill -TERM "$pid"
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        fail "SIGTERM stops serve" "still running after 10 s"
        return
    fi
    wait "$pid"
    status=$?
    pid=
    same "SIGTERM stops serve with exit 0" 0 "$status"
    if grep -q '^jobtck serve: stopped$' "$tmp/serve.log"; then
        ok "serve says it stopped"
    else
        fail "serve says it stopped" "$(cat "$tmp/serve.log")"
    fi
}

# A serve of its own, with options: its port in $2 (a variable name), its pid in $3.
start_serve() { # NAME PORTVAR PIDVAR ARGS...
    local name=$1 portvar=$2 pidvar=$3 i p
    shift 3
    "$jobtck" serve --listen 127.0.0.1:0 "$@" >"$tmp/$name.port" 2>"$tmp/$name.log" &
    eval "$pidvar=\$!"
    for i in $(seq 100); do
        [ "$(wc -l <"$tmp/$name.port")" -ge 1 ] && break
        sleep 0.1
    done
    p=$(head -n 1 "$tmp/$name.port")
    eval "$portvar=\$p"
}

if [ "$mode" = sessions ]; then
    for run in "v2.1 1" "v2.1 2" "v20.2 3" "v25.1 4"; do
        set -- $run
        start_serve "serve-h$2" hport hpid --profile "$1"
        timeout 300 "$jobtck" sim --sessions 4 --seed "$2" --steps 150 --profile "$1" \
            --driver "pgwire:postgresql://root@127.0.0.1:$hport/h$2?sslmode=disable" \
            --fixtures cases/recipes/serve.sql >"$tmp/h$2.out" 2>&1
        hs=$?
        kill -TERM "$hpid"
        wait "$hpid"
        if [ "$hs" -eq 0 ] && grep -q ': linearizable$' "$tmp/h$2.out"; then
            ok "serve --profile $1, seed $2: $(tail -n 1 "$tmp/h$2.out")"
        else
            fail "serve --profile $1, seed $2: exit $hs" "$(tail -n 5 "$tmp/h$2.out")"
        fi
    done
    # Statements of one job each: a group per job, each searched alone.
    start_serve "serve-h5" hport hpid --profile v20.2
    timeout 300 "$jobtck" sim --sessions 4 --seed 5 --steps 150 --jobs 8 --singular \
        --profile v20.2 --driver "pgwire:postgresql://root@127.0.0.1:$hport/h5?sslmode=disable" \
        --fixtures cases/recipes/serve.sql >"$tmp/h5.out" 2>&1
    hs=$?
    kill -TERM "$hpid"
    wait "$hpid"
    if [ "$hs" -eq 0 ] && grep -q ' 8 groups of jobs; .*: linearizable$' "$tmp/h5.out"; then
        ok "serve --profile v20.2, seed 5, --singular: $(tail -n 1 "$tmp/h5.out")"
    else
        fail "serve --profile v20.2, seed 5, --singular: exit $hs" "$(tail -n 5 "$tmp/h5.out")"
    fi
    # The racy variant must be caught: within a few seeds (it usually is at the first).
    caught=
    for seed in 1 2 3 4 5; do
        start_serve "serve-racy$seed" rport rpid --racy-reads 500
        timeout 300 "$jobtck" sim --sessions 4 --seed "$seed" --steps 150 \
            --driver "pgwire:postgresql://root@127.0.0.1:$rport/r?sslmode=disable" \
            --fixtures cases/recipes/serve.sql >"$tmp/racy.out" 2>&1
        rs=$?
        kill -TERM "$rpid"
        wait "$rpid"
        if [ "$rs" -eq 1 ] && grep -q ': NOT linearizable$' "$tmp/racy.out"; then
            caught=$seed
            break
        fi
    done
    if [ -n "$caught" ]; then
        ok "serve --racy-reads is caught (seed $caught): $(grep 'NOT linearizable' "$tmp/racy.out")"
    else
        fail "serve --racy-reads is caught" "$(tail -n 5 "$tmp/racy.out")"
    fi
    echo "serve: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

if [ "$mode" = profiles ]; then
    for p in $(ls cases/profiles); do
        [ -d "cases/profiles/$p" ] || continue
        start_serve "serve-$p" pport ppid --profile "$p"
        "$jobtck" run --profile "$p" "cases/profiles/$p" >"$tmp/$p.model" 2>&1
        ms=$?
        timeout 300 "$jobtck" run --profile "$p" \
            --driver "pgwire:postgresql://root@127.0.0.1:$pport/$p?sslmode=disable" \
            --fixtures cases/recipes/serve.sql "cases/profiles/$p" >"$tmp/$p.pg" 2>&1
        ps=$?
        kill -TERM "$ppid"
        wait "$ppid"
        if [ "$ms" -eq 0 ] && [ "$ps" -eq 0 ] && cmp -s "$tmp/$p.model" "$tmp/$p.pg"; then
            ok "profile $p through pgwire to serve --profile $p: $(tail -n 1 "$tmp/$p.pg")"
        else
            fail "profile $p through pgwire to serve: exit $ps (in process $ms)" \
                "$(diff "$tmp/$p.model" "$tmp/$p.pg" | head -n 20)"
        fi
    done
    # Jobs that move on their own, in real time: the runner polls (no @advance).
    grep -v -e '^-- @advance' -e '^JOBTCK ADVANCE' cases/recipes/serve.sql >"$tmp/live.sql"
    start_serve serve-live lport lpid --profile v20.1 --progress-ms 30
    timeout 300 "$jobtck" run --profile v20.1 \
        --driver "pgwire:postgresql://root@127.0.0.1:$lport/live?sslmode=disable" \
        --fixtures "$tmp/live.sql" --report "json=$tmp/live.json" tests/pg/live >"$tmp/live.out" 2>&1
    ls=$?
    kill -TERM "$lpid"
    wait "$lpid"
    retried=$(sed -n 's/.*"retried": *\([0-9]*\).*/\1/p' "$tmp/live.json" | head -n 1)
    if [ "$ls" -eq 0 ] && [ "${retried:-0}" -gt 0 ]; then
        ok "jobs moving on their own (serve --progress-ms 30): $(tail -n 1 "$tmp/live.out"), $retried records polled"
    else
        fail "jobs moving on their own: exit $ls, retried '${retried}'" "$(tail -n 20 "$tmp/live.out")"
    fi
    # The same file on a serve whose jobs never move: the retry fails, never passes.
    start_serve serve-still sport spid --profile v20.1
    timeout 300 "$jobtck" run --profile v20.1 --retries 3 --retry-timeout 200 \
        --driver "pgwire:postgresql://root@127.0.0.1:$sport/still?sslmode=disable" \
        --fixtures "$tmp/live.sql" tests/pg/live >"$tmp/still.out" 2>&1
    ss=$?
    kill -TERM "$spid"
    wait "$spid"
    same "jobs that never move: the retries fail (exit 1)" 1 "$ss"
    echo "serve: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

if [ "$mode" = suite ]; then
    timeout 600 "$jobtck" run cases/ >"$tmp/model.out" 2>"$tmp/model.err"
    model_status=$?
    grep -Eq '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/model.out" ||
        fail "the in-process run prints its summary" "$(tail -n 3 "$tmp/model.out")"
    # The whole suite twice at once, on two databases of one serve (neither sees the other).
    for db in suite other; do
        timeout 600 "$jobtck" run --driver "pgwire:$url/$db?sslmode=disable" \
            --fixtures cases/recipes/serve.sql cases/ >"$tmp/$db.out" 2>"$tmp/$db.err" &
        eval "run_$db=\$!"
    done
    for db in suite other; do
        eval "wait \$run_$db"
        same "pgwire to serve, database $db: the exit status of the in-process run" \
            "$model_status" "$?"
        if cmp -s "$tmp/model.out" "$tmp/$db.out" && cmp -s "$tmp/model.err" "$tmp/$db.err"; then
            ok "pgwire to serve, database $db: stdout and stderr byte for byte as in process"
        else
            fail "pgwire to serve, database $db: stdout and stderr byte for byte as in process" \
                "$(diff "$tmp/model.out" "$tmp/$db.out" | head -n 20)" \
                "$(diff "$tmp/model.err" "$tmp/$db.err" | head -n 20)"
        fi
    done
    # Again on a database with what the suite left in it: the recipe's reset comes first.
    first=$(ls cases/*.test | head -n 1)
    "$jobtck" run "$first" >"$tmp/first.model" 2>&1
    timeout 60 "$jobtck" run --driver "pgwire:$url/suite" --fixtures cases/recipes/serve.sql \
        "$first" >"$tmp/first.pg" 2>&1
    if cmp -s "$tmp/first.model" "$tmp/first.pg"; then
        ok "a run on a used database starts from an empty model"
    else
        fail "a run on a used database starts from an empty model" \
            "$(diff "$tmp/first.model" "$tmp/first.pg" | head -n 10)"
    fi
    # Without a recipe: a file with a fixture is skipped, never passed; one without (its
    # statements make what it needs) runs.
    timeout 600 "$jobtck" run --driver "pgwire:$url/plain" cases/ >"$tmp/plain.out" 2>&1
    plain_status=$?
    checked=0
    bad=
    mkdir -p "$tmp/fixtures"
    for f in $(grep -rl --include='*.test' '^fixture ' cases | sort); do
        checked=$((checked + 1))
        cp "$f" "$tmp/fixtures/$(printf '%s' "$f" | tr / _)"
        line=$(grep -F "$f: " "$tmp/plain.out" | head -n 1)
        case $line in
        "$f: 0 passed, 0 failed, "*" skipped") ;;
        *) bad="$bad $line" ;;
        esac
    done
    # (the files under cases/ itself: the other folders' are other profiles', skipped here)
    for f in $(grep -rL --include='*.test' '^fixture ' cases/*.test | sort); do
        line=$(grep -F "$f: " "$tmp/plain.out" | head -n 1)
        case $line in
        "$f: "*" passed, 0 failed, 0 skipped") ;;
        *) bad="$bad (no fixture:) $line" ;;
        esac
    done
    if [ "$checked" -gt 0 ] && [ -z "$bad" ] && [ "$plain_status" -eq 0 ]; then
        ok "without a recipe, the $checked files with fixtures are skipped, the others run"
    else
        fail "without a recipe, files with fixtures are skipped" "exit $plain_status, checked $checked:$bad"
    fi
    # Only files with fixtures: nothing was checked, which is not a success.
    timeout 600 "$jobtck" run --driver "pgwire:$url/plain" "$tmp/fixtures" >"$tmp/plain.out" 2>&1
    plain_status=$?
    if grep -Eq '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/plain.out" &&
        [ "$(grep -c '^skipped: .*: driver pgwire lacks fixtures (give a recipe with --fixtures)$' "$tmp/plain.out")" = 1 ] &&
        grep -q '^jobtck run: no record was checked: all [0-9]* were skipped$' "$tmp/plain.out" &&
        [ "$plain_status" -eq 1 ]; then
        ok "without a recipe: the summary, the reason once, exit 1 (no record checked)"
    else
        fail "without a recipe: the summary, the reason once, exit 1" "exit $plain_status" \
            "$(tail -n 3 "$tmp/plain.out")"
    fi
fi

if [ "$mode" = psql ]; then
    q() { # USER SQL: psql's output (stdout and stderr), then its exit status
        PGCONNECT_TIMEOUT=5 timeout 30 psql -X -h 127.0.0.1 -p "$port" -U "$1" -d docs \
            -v VERBOSITY=verbose -c "$2" 2>&1
        echo "exit $?"
    }
    qa() { # USER SQL: unaligned rows only
        PGCONNECT_TIMEOUT=5 timeout 30 psql -X -A -t -h 127.0.0.1 -p "$port" -U "$1" -d docs \
            -c "$2" 2>&1
    }
    same "psql SHOW JOBS on an empty model" \
        " job_id | job_type | description | user_name | status | created | started | finished | modified | fraction_completed | error | coordinator_id 
--------+----------+-------------+-----------+--------+---------+---------+----------+----------+--------------------+-------+----------------
(0 rows)

exit 0" "$(q root 'SHOW JOBS')"

    # Example 1 of the PAUSE JOB page, "Pause a single job".
    same "fixture: the page's RESTORE job" "JOBTCK FIXTURE
exit 0" "$(q root "JOBTCK FIXTURE JOB id=27536791415282 type='RESTORE' status='running' description='RESTORE db.* FROM ''azure://backup/db/tbl'''")"
    same "example 1: SHOW JOBS lists it" \
        "27536791415282|RESTORE|RESTORE db.* FROM 'azure://backup/db/tbl'|root|running" \
        "$(qa root 'SELECT job_id, job_type, description, user_name, status FROM [SHOW JOBS]')"
    same "example 1: PAUSE JOB 27536791415282;" "PAUSE JOBS 1
exit 0" "$(q root 'PAUSE JOB 27536791415282;')"
    same "example 1: the job is paused" "27536791415282|paused" \
        "$(qa root 'SELECT job_id, status FROM [SHOW JOBS]')"
    same "example 1: RESUME JOB resumes it" "RESUME JOBS 1
exit 0" "$(q root 'RESUME JOB 27536791415282;')"

    # Example 2, "Pause multiple jobs": maxroach's jobs, and one of root's that stays.
    q root "JOBTCK RESET" >/dev/null
    q root "JOBTCK FIXTURE USER name='maxroach'" >/dev/null
    for j in "1 IMPORT maxroach" "2 BACKUP maxroach" "3 RESTORE maxroach" \
        "4 CHANGEFEED maxroach" "5 BACKUP root"; do
        set -- $j
        q root "JOBTCK FIXTURE JOB id=$1 type='$2' status='running' user='$3'" >/dev/null
    done
    same "example 2: PAUSE JOBS (SELECT … WHERE user_name = 'maxroach');" "PAUSE JOBS 4
exit 0" "$(q root "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS]
      WHERE user_name = 'maxroach');")"
    same "example 2: maxroach's jobs paused, root's running" "1|paused
2|paused
3|paused
4|paused
5|running" "$(qa root 'SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id')"
    same "maxroach may not: 42501 through psql" \
        "ERROR:  42501: only users with the admin role are allowed to RESUME JOBS
exit 1" "$(q maxroach 'RESUME JOB 1')"
    same "a job error: XX000 through psql" \
        "ERROR:  XX000: job with ID 99 does not exist
exit 1" "$(q root 'PAUSE JOB 99')"

    # psql's \d family: PostgreSQL's catalogs, which serve has not: 0A000 that says so.
    for cmd in '\d' '\dt' '\l' '\du'; do
        got=$(q root "$cmd")
        case $got in
        *"ERROR:  0A000: jobtck serve has no system catalogs"*"exit 1") ok "psql $cmd: 0A000, no catalogs" ;;
        *) fail "psql $cmd: 0A000, no catalogs" "$got" ;;
        esac
    done
    same "psql SHOW server_version" "9.5.0" "$(qa root 'SHOW server_version')"

    # Malformed and oversized input from raw sockets closes that connection only.
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
        printf '\000\000\000\003' >&3 # a startup length below 8
        got=$(timeout 5 head -c 200 <&3 | tr -d '\000' | tr -c '[:print:]' ' ')
        exec 3>&-
        case $got in
        *08P01*) ok "a malformed startup gets 08P01 and the connection closes" ;;
        *) fail "a malformed startup gets 08P01 and the connection closes" "got: $got" ;;
        esac
    else
        fail "connect with bash's /dev/tcp"
    fi
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
        printf '\177\377\377\377\000\003\000\000' >&3 # 2 GiB announced
        got=$(timeout 5 head -c 200 <&3 | tr -d '\000' | tr -c '[:print:]' ' ')
        exec 3>&-
        case $got in
        *54000*) ok "an oversized startup gets 54000 and the connection closes" ;;
        *) fail "an oversized startup gets 54000 and the connection closes" "got: $got" ;;
        esac
    fi
    same "serve goes on after them" "1|paused" \
        "$(qa root 'SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 1')"
    if grep -q 'invalid startup packet length 3' "$tmp/serve.log"; then
        ok "serve logs the connection it closed"
    else
        fail "serve logs the connection it closed" "$(cat "$tmp/serve.log")"
    fi
fi

stop_serve
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
