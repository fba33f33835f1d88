#!/bin/sh
# Malformed input (the catalogue of tests/bad/README.md): each tests/bad/*.test starts with
# what jobtck must give for it, either an input error
#   # expect: <line>:<col>: <message>
# (exit 2, and exactly "tests/bad/<file>:<line>:<col>: <message>" on stderr), or, for SQL
# that the model runs and refuses as CockroachDB would, a failed record
#   # expect-fail: <line>: <message>
# (exit 1, and the line "tests/bad/<file>:<line>: <message>" among the failures on stdout).
# Then inputs too large to keep in the tree, written to a temporary folder (a 1 MiB line,
# 100 000-row VALUES, 100 000 nested parentheses, a statement past 1 MiB); a missing file;
# and a run of malformed files between good ones (nothing is lost).
# Usage: sh tests/bad/run.sh path/to/jobtck
set -u
jobtck=$1
cd "$(dirname "$0")/../.." || exit 2
passed=0
failed=0

check() { # name, want status, want stderr, got status, got stderr
    if [ "$4" -eq "$2" ] && [ "$5" = "$3" ]; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1"
        echo "     expected exit $2: $3"
        echo "     got exit $4:      $5"
    fi
}

# An input error: exit 2 and exactly "FILE:LINE:COL: message" on stderr.
check_input_error() { # file, want "LINE:COL: message"
    case $2 in
    [0-9]*:[0-9]*:\ *) ;;
    *)
        check "$1" 2 "an expectation '<line>:<col>: <message>'" 2 "$2"
        return
        ;;
    esac
    got=$("$jobtck" run "$1" 2>&1 >/dev/null)
    check "$1" 2 "$1:$2" $? "$got"
}

# A failed record: exit 1, nothing on stderr, and "FILE:LINE: message" on stdout.
check_failure() { # file, want "LINE: message"
    out=$("$jobtck" run "$1" 2>/tmp/jt-bad-err.$$)
    status=$?
    err=$(cat /tmp/jt-bad-err.$$)
    rm -f /tmp/jt-bad-err.$$
    got=$(printf '%s\n' "$out" | grep -F -x "$1:$2")
    if [ -n "$err" ]; then got="stderr: $err"; fi
    check "$1" 1 "$1:$2" $status "$got"
}

for f in tests/bad/*.test; do
    want=$(sed -n '1s/^# expect: //p' "$f")
    fail=$(sed -n '1s/^# expect-fail: //p' "$f")
    if [ -n "$want" ]; then
        check_input_error "$f" "$want"
    elif [ -n "$fail" ]; then
        check_failure "$f" "$fail"
    else
        check "$f" 2 "a first line '# expect: <line>:<col>: <message>' or '# expect-fail: ...'" 2 \
            "none"
    fi
done

# Inputs too large to keep in the tree.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# A 1 MiB line: refused at the first byte past 65536 (JT_LIMIT_LINE).
{
    printf 'statement ok\nPAUSE JOBS VALUES (1)'
    head -c 1048576 /dev/zero | tr '\0' ' '
    printf '\n'
} >"$tmp/long-line.test"
check_input_error "$tmp/long-line.test" "2:65537: line longer than 65536 bytes"
# 100 000-row VALUES, a row a line: it runs (and counts every row)...
rows() { # n: "(1)," lines, the last one without the comma
    awk -v n="$1" 'BEGIN { for (i = 1; i < n; i++) print "(1),"; print "(1)" }'
}
{
    printf 'fixture job id=1 type=IMPORT status=running\n\nstatement ok count 100000\n'
    printf 'PAUSE JOBS VALUES\n'
    rows 100000
} >"$tmp/values.test"
got=$("$jobtck" run "$tmp/values.test" 2>&1)
check "100 000-row VALUES" 0 "$tmp/values.test: 1 passed, 0 failed, 0 skipped" $? \
    "$(printf '%s\n' "$got" | head -n 1)"
# ... and one extra parenthesis on its last line is found there.
{
    printf 'statement ok\nPAUSE JOBS VALUES\n'
    rows 100000
    printf ')\n'
} >"$tmp/values-bad.test"
check_input_error "$tmp/values-bad.test" "100003:1: SQL outside the subset: syntax error at or near \")\""
# 100 000 nested parentheses over many lines: the parser stops at JT_LIMIT_DEPTH.
{
    printf 'statement ok\nPAUSE JOB\n'
    awk 'BEGIN { for (i = 0; i < 1000; i++) { for (k = 0; k < 100; k++) printf "("; print "" } }'
    printf '1\n'
    awk 'BEGIN { for (i = 0; i < 1000; i++) { for (k = 0; k < 100; k++) printf ")"; print "" } }'
} >"$tmp/parens.test"
check_input_error "$tmp/parens.test" \
    "5:1: SQL beyond the implementation's limits: statement is too deeply nested (more than 200 levels)"
# A statement of more than 1 MiB (JT_LIMIT_SQL): refused on the line that passes it.
{
    printf 'statement ok\nPAUSE JOBS VALUES\n'
    rows 300000
} >"$tmp/long-sql.test"
check_input_error "$tmp/long-sql.test" "209714:1: SQL longer than 1048576 bytes"

got=$("$jobtck" run tests/bad/does-not-exist.test 2>&1 >/dev/null)
check "missing file" 2 "tests/bad/does-not-exist.test: cannot open: No such file or directory" \
    $? "$got"

# A malformed file between two good runs: both good runs are counted.
out=$("$jobtck" run tests/bad/good tests/bad/unknown-record.test tests/bad/good 2>/dev/null)
status=$?
want="tests/bad/good/ok.test: 2 passed, 0 failed, 0 skipped
tests/bad/unknown-record.test: not run (input error)
tests/bad/good/ok.test: 2 passed, 0 failed, 0 skipped

1 input error (on stderr)
4 passed, 0 failed, 0 skipped"
check "malformed file among good ones" 2 "$want" $status "$out"

# Bad usage exits 2 with a message on stderr; --help and --version exit 0.
got=$("$jobtck" --version 2>&1)
check "jobtck --version" 0 "jobtck 0.1.0" $? "$got"
"$jobtck" --help >/dev/null 2>&1
check "jobtck --help" 0 "" $? ""
"$jobtck" run --help >/dev/null 2>&1
check "jobtck run --help" 0 "" $? ""
got=$("$jobtck" 2>&1 >/dev/null | head -n 1)
"$jobtck" >/dev/null 2>&1
check "jobtck (no command)" 2 "usage: jobtck [--help] [--version] COMMAND [ARGS]" $? "$got"
got=$("$jobtck" frobnicate 2>&1 >/dev/null | head -n 1)
"$jobtck" frobnicate >/dev/null 2>&1
check "jobtck frobnicate" 2 "jobtck: unknown command 'frobnicate'" $? "$got"
got=$("$jobtck" run --frobnicate tests/bad/good 2>&1 >/dev/null | head -n 1)
"$jobtck" run --frobnicate tests/bad/good >/dev/null 2>&1
check "jobtck run --frobnicate" 2 "jobtck run: unknown option '--frobnicate'" $? "$got"
got=$("$jobtck" run --driver nosuch tests/bad/good 2>&1 >/dev/null | head -n 1)
"$jobtck" run --driver nosuch tests/bad/good >/dev/null 2>&1
check "jobtck run --driver nosuch" 2 "jobtck run: unknown driver 'nosuch': expected model, model:PROFILE, plugin:PATH.so, exec:COMMAND or pgwire:URL" $? "$got"
got=$("$jobtck" run --profile v0.0 tests/bad/good 2>&1 >/dev/null)
check "jobtck run --profile v0.0" 2 "jobtck run: unknown profile v0.0" $? "$got"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
