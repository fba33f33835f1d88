#!/usr/bin/env bash
# A run never goes green on nothing (issue 13 item 5): a pgwire server that cannot be reached
# fails the run at its start with one line naming the target and libpq's reason (exit 2);
# records skipped because the driver lacks what their files need (pgwire without --fixtures)
# are said once after the total; a run that checked no record exits 1 and says so. A normal
# run prints what it printed before.
# Usage: nothing.sh JOBTCK
set -u
jobtck=$1
case $jobtck in /*) ;; *) jobtck=$PWD/$jobtck ;; esac
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d /tmp/jt_nothing_XXXXXX) || exit 2
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
passed=0
failed=0
check() { # NAME CONDITION...: ok when the condition holds
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        echo "     exit $st; stdout: $(tail -n 3 "$tmp/out" | tr '\n' '|')"
        echo "     stderr: $(tr '\n' '|' <"$tmp/err")"
    fi
}
run() { # ARGS...: jobtck run, st its exit status
    timeout 120 "$jobtck" run "$@" >"$tmp/out" 2>"$tmp/err"
    st=$?
}
lines() { wc -l <"$1" | tr -d ' '; }

# A server that is not there: one line on stderr, naming the target, nothing run.
dead="postgresql://root@127.0.0.1:1/cases?sslmode=disable&connect_timeout=5"
run --driver "pgwire:$dead" cases/01-example-single.test
check "a dead server: exit 2, one line naming the target and libpq's reason" \
    eval '[ "$st" -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(lines "$tmp/err")" = 1 ] &&
        grep -Fq "pgwire:$dead: cannot connect as root: " "$tmp/err" &&
        grep -q "Connection refused" "$tmp/err"'

"$jobtck" serve --listen 127.0.0.1:0 >"$tmp/port" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
    [ -s "$tmp/port" ] && break
    sleep 0.1
done
port=$(head -n 1 "$tmp/port")
url="postgresql://root@127.0.0.1:$port/nothing?sslmode=disable"

# Without a recipe every record of these files is skipped: said once, and not a success.
run --driver "pgwire:$url" cases/01-example-single.test cases/04-example-bulk.test
check "no recipe, only files with fixtures: exit 1, the reason once, nothing checked" \
    eval '[ "$st" -eq 1 ] &&
        [ "$(grep -c "^skipped: " "$tmp/out")" = 1 ] &&
        grep -qx "skipped: 41 records of 2 files: driver pgwire lacks fixtures (give a recipe with --fixtures)" "$tmp/out" &&
        grep -qx "jobtck run: no record was checked: all 41 were skipped" "$tmp/err"'

# A file without fixtures runs: the run checked something; the others' skip is still said.
run --driver "pgwire:$url" tests/pg/cases/ok.test cases/01-example-single.test
check "no recipe, a file that runs beside one that cannot: exit 0, the reason once" \
    eval '[ "$st" -eq 0 ] && grep -qx "3 passed, 0 failed, 23 skipped" "$tmp/out" &&
        grep -qx "skipped: 23 records of 1 file: driver pgwire lacks fixtures (give a recipe with --fixtures)" "$tmp/out" &&
        [ ! -s "$tmp/err" ]'

# With the recipe nothing is skipped, and nothing more is said.
run --driver "pgwire:$url" --fixtures cases/recipes/serve.sql cases/01-example-single.test
check "with the recipe: exit 0, no skip line" \
    eval '[ "$st" -eq 0 ] && grep -qx "23 passed, 0 failed, 0 skipped" "$tmp/out" &&
        ! grep -q "^skipped: " "$tmp/out" && [ ! -s "$tmp/err" ]'

# The model: a file without records, and files all written for another profile.
mkdir "$tmp/empty"
echo "# a case file without a record" >"$tmp/empty/none.test"
run "$tmp/empty"
check "a case file without a record: exit 1, nothing checked" \
    eval '[ "$st" -eq 1 ] &&
        grep -qx "jobtck run: no record was checked: the paths hold none that runs" "$tmp/err"'
run --profile v2.0 cases/profiles/v25.3
check "every file written for another profile: exit 1, nothing checked" \
    eval '[ "$st" -eq 1 ] && grep -q "^jobtck run: no record was checked: all [0-9]* were skipped$" "$tmp/err"'
run cases/01-example-single.test
check "a normal run: exit 0, its output as before" \
    eval '[ "$st" -eq 0 ] && [ ! -s "$tmp/err" ] && ! grep -q "^skipped: " "$tmp/out" &&
        [ "$(tail -n 1 "$tmp/out")" = "23 passed, 0 failed, 0 skipped" ]'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
