#!/bin/sh
# Malformed input: each tests/bad/*.test starts with the error jobtck must give for it,
#   # expect: <line>: <message>
# and `jobtck run` must exit 2 with exactly "tests/bad/<file>:<line>: <message>" on stderr.
# Then a missing file, and a run of malformed files between good ones (nothing is lost).
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

for f in tests/bad/*.test; do
    want=$(sed -n '1s/^# expect: //p' "$f")
    if [ -z "$want" ]; then
        check "$f" 2 "a first line '# expect: <line>: <message>'" 2 "none"
        continue
    fi
    got=$("$jobtck" run "$f" 2>&1 >/dev/null)
    check "$f" 2 "$f:$want" $? "$got"
done

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
check "jobtck run --driver nosuch" 2 "jobtck run: unknown driver 'nosuch': expected model or model:PROFILE" $? "$got"
got=$("$jobtck" run --profile v0.0 tests/bad/good 2>&1 >/dev/null)
check "jobtck run --profile v0.0" 2 "jobtck run: unknown profile v0.0" $? "$got"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
