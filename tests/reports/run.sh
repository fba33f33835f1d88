#!/bin/sh
# Reports, known deviations and the terminal, end to end through the jobtck program:
# - the JUnit file of the bundled cases validates against tests/reports/junit.xsd (xmllint);
# - reports are byte-identical from run to run;
# - a vendor's run with a reviewed --expect list is green, an unexpected pass fails it;
# - /dev/full, a full disk (ulimit -f) and an unwritable path: one line each, exit 2, no
#   temporary file left, the other reports and the summary still there;
# - on a terminal (script(1) gives a pty): colour unless NO_COLOR, a progress bar; none in a
#   pipe; --quiet prints only failures and the summary (run, doc and sim); doc in colour too.
# tests/reports/help.sh checks that every subcommand's --help has an example.
# Usage: sh tests/reports/run.sh path/to/jobtck
set -u
jobtck=$1
cd "$(dirname "$0")/../.." || exit 2
here=$(pwd)
work=$(mktemp -d /tmp/jt_reports_sh.XXXXXX) || exit 2
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
# The hand-written cases (cases/generated/ is large: it would only make this test slow).
hand=$(ls cases/[0-9]*.test)
hand_abs=$(for f in $hand; do printf "'%s/%s' " "$here" "$f"; done)

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
check() { # name, want, got
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "expected: $2" "got:      $3"; fi
}

# ---- JUnit validates; every report is written; reports are deterministic ----------------
"$jobtck" run --report "junit=$work/a/junit.xml,tap=$work/a/r.tap,json=$work/a/r.json" \
    --report "html=$work/a/html" $hand >"$work/out1" 2>"$work/err1"
check "bundled cases pass with reports" "0:" "$?:$(cat "$work/err1")"
if command -v xmllint >/dev/null 2>&1; then
    if xmllint --noout --schema tests/reports/junit.xsd "$work/a/junit.xml" 2>"$work/xerr"; then
        ok "junit.xml validates against tests/reports/junit.xsd"
    else
        fail "junit.xml validates against tests/reports/junit.xsd" "$(head -5 "$work/xerr")"
    fi
    if xmllint --noout --html "$work/a/html/index.html" 2>"$work/herr" && [ ! -s "$work/herr" ]; then
        ok "index.html parses as HTML"
    else
        fail "index.html parses as HTML" "$(head -5 "$work/herr")"
    fi
else
    fail "xmllint is installed (scripts/deps.sh installs libxml2-utils)"
fi
"$jobtck" run --report "junit=$work/b/junit.xml,tap=$work/b/r.tap,json=$work/b/r.json" \
    --report "html=$work/b/html" $hand >/dev/null 2>&1
same=yes
for f in junit.xml r.tap r.json html/index.html; do
    cmp -s "$work/a/$f" "$work/b/$f" || same="no: $f differs"
done
check "reports are byte-identical from run to run" "yes" "$same"
check "no temporary file is left" "html junit.xml r.json r.tap" "$(ls "$work/a" | tr '\n' ' ' | sed 's/ $//')"
grep -q '<table class="matrix">' "$work/a/html/index.html" && grep -q 'PJ-EX-BULK' "$work/a/html/index.html"
check "the HTML report has the requirement matrix" "0" "$?"
grep -q '^# spec coverage (profile v2.1): [0-9]* of 186 cells exercised' "$work/a/r.tap"
check "the TAP report has the spec-coverage table" "0" "$?"
if command -v python3 >/dev/null 2>&1; then
    got=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "jobtck-report" and d["format_version"] == 1
print(d["summary"]["failed"], d["spec_coverage"]["cells"], len(d["requirements"]) >= 12)' \
        "$work/a/r.json" 2>&1)
    check "the JSON report parses" "0 186 True" "$got"
fi

# ---- known deviations --------------------------------------------------------------------
mkdir -p "$work/v"
cat >"$work/v/vendor.test" <<'EOF'
covers PJ-STATES
fixture job id=7 type=IMPORT status=running

statement ok
PAUSE JOB 7

query T
SELECT status FROM [SHOW JOBS]
----
running

statement ok
RESUME JOB 7
EOF
printf '# reviewed\nvendor.test:7 PAUSE is asynchronous in this implementation\n' >"$work/v/dev.txt"
(cd "$work/v" && "$jobtck" run vendor.test >"$work/out" 2>&1)
check "without the list the vendor's run fails" "1" "$?"
(cd "$work/v" && "$jobtck" run --expect dev.txt --report "junit=j.xml,tap=r.tap" vendor.test >"$work/out" 2>&1)
status=$?
check "with the list the vendor's run is green" "0" "$status"
grep -q '^  vendor.test:7: known deviation: PAUSE is asynchronous in this implementation$' "$work/out"
check "the deviation is listed with its reason" "0" "$?"
grep -q 'known deviation (dev.txt:2): PAUSE is asynchronous' "$work/v/j.xml"
check "the JUnit report shows it as skipped with its reason" "0" "$?"
if command -v xmllint >/dev/null 2>&1; then
    # a report with a known deviation, and one of doc (records of pages), are valid too
    "$jobtck" doc --out "$work/docj" --report "junit=$work/docj/j.xml" tests/doc/statements.md \
        tests/doc/claims.md tests/doc/bad/nul-byte.md >/dev/null 2>&1
    for x in "$work/v/j.xml" "$work/docj/j.xml"; do
        if xmllint --noout --schema tests/reports/junit.xsd "$x" 2>"$work/xerr"; then
            ok "$(basename "$(dirname "$x")")/j.xml validates against tests/reports/junit.xsd"
        else
            fail "$(basename "$(dirname "$x")")/j.xml validates against tests/reports/junit.xsd" \
                "$(head -5 "$work/xerr")"
        fi
    done
fi
if command -v prove >/dev/null 2>&1; then
    # A TAP harness (Perl's prove) reads the report: the deviation is a TODO, the run passes.
    if prove -e cat "$work/v/r.tap" >"$work/prove" 2>&1 && grep -q '^Result: PASS' "$work/prove"; then
        ok "prove reads the TAP report and passes it"
    else
        fail "prove reads the TAP report and passes it" "$(tail -n 5 "$work/prove")"
    fi
fi
printf 'vendor.test:7 asynchronous\nvendor.test:12 resume is broken\n' >"$work/v/dev2.txt"
(cd "$work/v" && "$jobtck" run --expect dev2.txt vendor.test >"$work/out" 2>&1)
check "a listed record that passes fails the run" "1" "$?"
grep -q '^  vendor.test:12: unexpectedly passed: listed at dev2.txt:2 (resume is broken); remove it from the list$' "$work/out"
check "the unexpected pass is reported" "0" "$?"
printf 'vendor.test:7\n' >"$work/v/bad.txt"
got=$(cd "$work/v" && "$jobtck" run --expect bad.txt vendor.test 2>&1 >/dev/null)
check "a malformed list: exit 2 and file:line" "2:bad.txt:1: expected a reason after 'vendor.test:7'" "$?:$got"

# ---- reports that cannot be written ------------------------------------------------------
"$jobtck" run --report "junit=/dev/full,tap=$work/c/r.tap" tests/bad/good >"$work/out" 2>"$work/err"
status=$?
check "/dev/full: exit 2" "2" "$status"
check "/dev/full: one line" "jobtck run: cannot write the junit report /dev/full: No space left on device" \
    "$(cat "$work/err")"
check "/dev/full: the other report is written" "r.tap" "$(ls "$work/c")"
check "/dev/full: the summary is printed" "2 passed, 0 failed, 0 skipped" "$(tail -n 1 "$work/out")"

mkdir -p "$work/d"
echo previous >"$work/d/r.json"
(
    trap '' XFSZ
    ulimit -f 16
    exec "$jobtck" run --report "json=$work/d/r.json,tap=$work/d/r.tap" $hand
) >"$work/out" 2>"$work/err"
status=$?
check "full disk: exit 2" "2" "$status"
check "full disk: one line a report" \
    "jobtck run: cannot write the tap report $work/d/r.tap: File too large
jobtck run: cannot write the json report $work/d/r.json: File too large" \
    "$(grep '^jobtck ' "$work/err")"
check "full disk: no temporary file, the old report kept" "r.json:previous" \
    "$(ls "$work/d" | tr '\n' ' ' | sed 's/ $//'):$(cat "$work/d/r.json")"

touch "$work/file"
"$jobtck" run --report "html=$work/file/html,json=$work/e/r.json" tests/bad/good >/dev/null 2>"$work/err"
status=$?
check "unwritable path: exit 2 and one line" \
    "2:jobtck run: cannot write the html report $work/file: Not a directory" "$status:$(cat "$work/err")"
check "unwritable path: the other report is written" "r.json" "$(ls "$work/e")"

got=$("$jobtck" run --report "pdf=x" tests/bad/good 2>&1 >/dev/null | head -n 1)
check "--report with an unknown kind" \
    "jobtck run: --report: unknown kind 'pdf' (expected junit, tap, json or html)" "$got"

# ---- the terminal ------------------------------------------------------------------------
"$jobtck" run tests/bad/good >"$work/out" 2>&1
if grep -q "$(printf '\033')" "$work/out"; then
    fail "no colour in a pipe"
else
    ok "no colour in a pipe"
fi
"$jobtck" run --quiet $hand >"$work/out" 2>&1
check "--quiet: only the summary when everything passes" "
$(tail -n 1 "$work/out")" "$(cat "$work/out")"
# doc and sim take --quiet too: no per-page or header lines, only the failures and the totals
"$jobtck" doc --quiet --out "$work/docq" tests/doc/statements.md >"$work/out" 2>&1
check "doc --quiet: exit 1 on a page with findings" "1" "$?"
"$jobtck" doc --out "$work/docq" tests/doc/statements.md 2>/dev/null |
    grep -E '^tests/doc/statements.md:[0-9]+: ' >"$work/findings"
check "doc --quiet: only the findings and the totals" \
    "$(cat "$work/findings")

6 passed, 4 failed" "$(cat "$work/out")"
"$jobtck" doc -q --out "$work/docq" tests/doc/clean.md >"$work/out" 2>&1
check "doc --quiet: only the totals when the page holds" "0:
$(tail -n 1 "$work/out")" "$?:$(cat "$work/out")"
"$jobtck" sim --quiet --seed 7 --steps 200 >"$work/out" 2>&1
check "sim --quiet: only the totals line" "0:1" "$?:$(wc -l <"$work/out" | tr -d ' ')"
grep -q '^no difference in 200 records' "$work/out"
check "sim --quiet: the totals line is the last line of sim" "0" "$?"
"$jobtck" sim -q --steps 50 >"$work/out" 2>&1
grep -q '^seed [0-9]*$' "$work/out"
check "sim --quiet: a drawn seed is still printed" "0" "$?"
"$jobtck" doc --help >"$work/out" 2>&1
grep -q -- '-q, --quiet' "$work/out" && grep -q 'plugin:PATH' "$work/out" && grep -q "exec:'COMMAND" "$work/out"
check "doc --help: --quiet, and every kind of driver" "0" "$?"
"$jobtck" sim --help >"$work/out" 2>&1
grep -q -- '-q, --quiet' "$work/out"
check "sim --help: --quiet" "0" "$?"

if command -v script >/dev/null 2>&1; then
    script -qec "'$jobtck' doc --out '$work/doct' '$here/tests/doc/statements.md'" /dev/null >"$work/tty" 2>&1
    if grep -q "$(printf '\033')\[31m" "$work/tty" && grep -q "$(printf '\033')\[32m" "$work/tty"; then
        ok "doc: colour on a terminal"
    else
        fail "doc: colour on a terminal" "$(head -c 300 "$work/tty")"
    fi
    NO_COLOR=1 script -qec "'$jobtck' doc --out '$work/doct' '$here/tests/doc/statements.md'" /dev/null >"$work/tty" 2>&1
    if grep -q "$(printf '\033')\[3" "$work/tty"; then fail "doc: NO_COLOR is respected"; else
        ok "doc: NO_COLOR is respected"; fi
    JT_PROGRESS_DELAY_MS=0 script -qec "'$jobtck' run $hand_abs" /dev/null >"$work/tty" 2>&1
    if grep -q "$(printf '\033')\[32m" "$work/tty"; then ok "colour on a terminal"; else
        fail "colour on a terminal" "$(head -c 300 "$work/tty")"; fi
    if grep -q "files 100%" "$work/tty" && grep -q "$(printf '\r')$(printf '\033')\[K\[#" "$work/tty"; then
        ok "a progress bar on a terminal"
    else
        fail "a progress bar on a terminal" "$(head -c 300 "$work/tty")"
    fi
    NO_COLOR=1 script -qec "'$jobtck' run '$here/tests/bad/good'" /dev/null >"$work/tty" 2>&1
    if grep -q "$(printf '\033')\[3" "$work/tty"; then fail "NO_COLOR is respected"; else
        ok "NO_COLOR is respected"; fi
    script -qec "'$jobtck' run '$here/tests/bad/good'" /dev/null >"$work/tty" 2>&1
    if grep -q "$(printf '\r')$(printf '\033')\[K\[" "$work/tty"; then
        fail "no progress bar for a run shorter than a second"
    else
        ok "no progress bar for a run shorter than a second"
    fi
else
    echo "skip terminal checks: script(1) is missing"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
