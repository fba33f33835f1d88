#!/bin/sh
# Usage: tests/package/bundled.sh JOBTCK SOURCE_DIR
# Where `jobtck run` without a path finds the bundled suite (sim/cli/cli_suite.c):
#   - the program in its build tree: the source tree's cases/, from any folder;
#   - a copy installed as PREFIX/bin/jobtck: PREFIX/share/jobtck/cases, wherever PREFIX is;
#   - a copy with no suite beside it: exit 2 and one line that says where it looked (never
#     the source tree: only the program of the build tree looks there).
set -u
jobtck=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_bundled.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd -P)
srcreal=$(cd "$src" && pwd -P)
passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok   $1"
}
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    sed 's/^/     /' "$tmp/out"
}

mkdir "$tmp/cwd"
(cd "$tmp/cwd" && "$jobtck" run --quiet --shard 1/40) >"$tmp/out" 2>&1
status=$?
(cd "$tmp/cwd" && "$jobtck" run --shard 1/40) 2>&1 | head -n 1 >"$tmp/first"
if [ $status -eq 0 ] && grep -q "^$srcreal/cases/" "$tmp/first"; then
    ok "build tree, no path: $srcreal/cases ($(tail -n 1 "$tmp/out"))"
else
    fail "build tree, no path (exit $status, first line: $(cat "$tmp/first"))"
fi

mkdir -p "$tmp/prefix/bin" "$tmp/prefix/share/jobtck/cases/sub"
cp "$jobtck" "$tmp/prefix/bin/jobtck"
cp "$src/cases/01-example-single.test" "$tmp/prefix/share/jobtck/cases/sub/"
(cd "$tmp/cwd" && "$tmp/prefix/bin/jobtck" run) >"$tmp/out" 2>&1
status=$?
if [ $status -eq 0 ] &&
    grep -q "^$tmp/prefix/share/jobtck/cases/sub/01-example-single.test: 23 passed" "$tmp/out"; then
    ok "installed as PREFIX/bin/jobtck: PREFIX/share/jobtck/cases"
else
    fail "installed as PREFIX/bin/jobtck (exit $status)"
fi
mv "$tmp/prefix" "$tmp/moved"
(cd "$tmp/cwd" && "$tmp/moved/bin/jobtck" run) >"$tmp/out" 2>&1
status=$?
if [ $status -eq 0 ] && grep -q "^$tmp/moved/share/jobtck/cases/sub/" "$tmp/out"; then
    ok "the installed tree moved: found where it is now"
else
    fail "the installed tree moved (exit $status)"
fi

rm -rf "$tmp/moved/share"
(cd "$tmp/cwd" && "$tmp/moved/bin/jobtck" run) >"$tmp/out" 2>&1
status=$?
want="jobtck run: no bundled suite at $tmp/moved/bin/../share/jobtck/cases: name the case files to run"
if [ $status -eq 2 ] && [ "$(cat "$tmp/out")" = "$want" ]; then
    ok "no suite beside the program: exit 2, one line"
else
    fail "no suite beside the program: exit $status, expected 2 and: $want"
fi
(cd "$tmp/cwd" && "$tmp/moved/bin/jobtck" mutants) >"$tmp/out" 2>&1
status=$?
if [ $status -eq 2 ] && grep -q "^jobtck mutants: no bundled suite at .*: name the case files to run\$" "$tmp/out"; then
    ok "jobtck mutants without a suite anywhere: exit 2"
else
    fail "jobtck mutants without a suite anywhere (exit $status)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
