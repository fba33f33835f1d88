#!/bin/sh
# Usage: tests/spec/run.sh PYTHON3 SOURCE_DIR
# docs/spec.md is the one source of the requirements (scripts/spec_requirements.py):
#   - every id a `covers` line of cases/ names is listed there, and every id listed there is
#     covered by some case file;
#   - a row added to the page reaches the C table the reports are built from;
#   - a case that covers an id the page does not list, and an id no case covers, are reported
#     at their file and line (exit 1); a malformed row is `spec.md:LINE: ...` (exit 2).
set -u
python=$1
src=$2
script=$src/scripts/spec_requirements.py
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_spec.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok   $1"
}
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    [ -f "$tmp/out" ] && sed 's/^/     /' "$tmp/out"
}

# The bundled cases and the page agree.
if "$python" "$script" check "$src/docs/spec.md" "$src/cases" >"$tmp/out" 2>&1; then
    ok "every id of cases/ is in docs/spec.md and every id of docs/spec.md is covered: $(tail -n 1 "$tmp/out")"
else
    fail "cases/ and docs/spec.md disagree"
fi

# A new row reaches the generated table, its wording escaped for C.
sed 's/^| PJ-SYNTAX | .*$/&\n| PJ-NEW | a "quoted" `new` rule, with a \\| bar | a source |/' \
    "$src/docs/spec.md" >"$tmp/spec.md"
if "$python" "$script" c "$tmp/spec.md" "$tmp/inc" >"$tmp/out" 2>&1 &&
    grep -qxF '{"PJ-NEW", "a \"quoted\" `new` rule, with a | bar"},' "$tmp/inc/spec_v21.inc" &&
    [ "$(tail -n 1 "$tmp/inc/spec_v21.inc")" = '{"PJ-NEW", "a \"quoted\" `new` rule, with a | bar"},' ] &&
    ! grep -q PJ-NEW "$tmp/inc/spec_later.inc"; then
    ok "a row added to docs/spec.md reaches spec_v21.inc, last, escaped"
else
    fail "a row added to docs/spec.md does not reach spec_v21.inc"
    cat "$tmp/inc/spec_v21.inc" 2>/dev/null
fi
# ... and until a case covers it, the check says so, at the row's line.
line=$(grep -n '^| PJ-NEW ' "$tmp/spec.md" | cut -d: -f1)
"$python" "$script" check "$tmp/spec.md" "$src/cases" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 1 ] && grep -qxF "$tmp/spec.md:$line: PJ-NEW is covered by no case file under $src/cases" "$tmp/out"; then
    ok "an id no case covers: $tmp/spec.md:$line, exit 1"
else
    fail "an id no case covers is not reported (exit $status)"
fi

# A case that covers an id the page does not have.
mkdir -p "$tmp/cases/sub"
cp "$src/cases/01-example-single.test" "$tmp/cases/"
printf 'covers PJ-TYPES\n\ncovers PJ-TYPES PJ-MADE-UP\nstatement ok\nSHOW JOBS\n' >"$tmp/cases/sub/x.test"
"$python" "$script" check "$src/docs/spec.md" "$tmp/cases" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 1 ] && grep -qxF "$tmp/cases/sub/x.test:3: covers PJ-MADE-UP, which $src/docs/spec.md does not list" "$tmp/out"; then
    ok "a case covering an unknown id: x.test:3, exit 1"
else
    fail "a case covering an unknown id is not reported (exit $status)"
fi

# Malformed rows: exit 2, file:line.
sed 's/^| PJ-ATOMIC | \(.*\) | .* |$/| PJ-ATOMIC | \1 |/' "$src/docs/spec.md" >"$tmp/bad.md"
line=$(grep -n '^| PJ-ATOMIC ' "$tmp/bad.md" | cut -d: -f1)
"$python" "$script" c "$tmp/bad.md" "$tmp/inc2" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 2 ] && [ "$(cat "$tmp/out")" = "$tmp/bad.md:$line: expected | id | requirement | source | for PJ-ATOMIC" ]; then
    ok "a row without its source: bad.md:$line, exit 2"
else
    fail "a row without its source (exit $status)"
fi
sed 's/^| PJ-SHOW | /| PJ-TYPES | /' "$src/docs/spec.md" >"$tmp/dup.md"
"$python" "$script" c "$tmp/dup.md" "$tmp/inc3" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 2 ] && grep -q "^$tmp/dup.md:[0-9]*: PJ-TYPES is already listed at line [0-9]*\$" "$tmp/out"; then
    ok "an id listed twice, exit 2"
else
    fail "an id listed twice (exit $status)"
fi
"$python" "$script" c "$tmp/no-such.md" "$tmp/inc4" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 2 ] && grep -q "^$tmp/no-such.md: cannot open: " "$tmp/out"; then
    ok "a page that is not there, exit 2"
else
    fail "a page that is not there (exit $status)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
