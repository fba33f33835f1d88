#!/usr/bin/env bash
# Runs every unit test (the Check suites of tests/unit, ctest's unit.*) of a build under
# valgrind's memcheck: an invalid read or write, a use of an uninitialized value, or a
# definite or indirect leak fails it. Check forks a child per test; valgrind follows the
# forks (not the programs they exec, such as the exec driver's adapters). tests/lint/valgrind.supp
# says what is not counted, and why (RE2's sparse sets).
# Usage: scripts/valgrind.sh [BUILD_DIR]   (default: build, the default preset's)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is needed (scripts/deps.sh)" >&2; exit 2; }
# Not under valgrind: test_driver_exec checks that starting a missing adapter fails at once
# with "cannot start", which posix_spawn reports only natively (under valgrind the child
# execs and exits 127); the ASan build runs it.
skip='^test_driver_exec$'
tests=$(ctest --test-dir "$build" -N -R '^unit\.' | sed -n 's/^ *Test *#[0-9]*: unit\.//p' |
    grep -v -E "$skip")
[ -n "$tests" ] || { echo "valgrind.sh: no unit tests in $build" >&2; exit 2; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
run() { # one test: its log in $logs/NAME, its status in $logs/NAME.status
    set +e
    CK_FORK=yes CK_TIMEOUT_MULTIPLIER=40 JT_SOURCE_DIR=$PWD \
        valgrind -q --error-exitcode=99 --suppressions=tests/lint/valgrind.supp \
        --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect "$build/tests/$1" >"$logs/$1" 2>&1
    echo $? >"$logs/$1.status"
}
export -f run
export build logs
printf '%s\n' $tests | xargs -P "$(nproc)" -I{} bash -c 'run {}'
passed=0
failed=0
for t in $tests; do
    if [ "$(cat "$logs/$t.status")" = 0 ]; then
        passed=$((passed + 1))
        echo "valgrind: ok   $t"
    else
        failed=$((failed + 1))
        echo "valgrind: FAIL $t (exit $(cat "$logs/$t.status"))"
        grep -E '^==[0-9]+== |Checks:|:[EF]:' "$logs/$t" | head -n 30
    fi
done
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
