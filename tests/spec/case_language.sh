#!/bin/sh
# Usage: tests/spec/case_language.sh JOBTCK SOURCE_DIR
# Every example of docs/case-language.md (each ```test block is a whole case file) passes with
# `jobtck run`: exit 0, at least one record passed, none failed. A file with a `profile`
# record runs under the first profile it names.
set -u
jobtck=$1
doc=$2/docs/case-language.md
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_caselang.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
[ -f "$doc" ] || { echo "FAIL $doc: cannot open"; exit 1; }
# example-N.test, each named after the line of its block
awk -v dir="$tmp" '
    /^```test$/ { inside = 1; n++; file = sprintf("%s/example-%02d-line-%d.test", dir, n, NR + 1); next }
    inside && /^```$/ { inside = 0; close(file); next }
    inside { print > file }
' "$doc"
passed=0
failed=0
for f in "$tmp"/example-*.test; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .test)
    profile=$(sed -n 's/^profile \([^ ]*\).*/\1/p' "$f" | head -n 1)
    "$jobtck" run ${profile:+--profile "$profile"} "$f" >"$tmp/out" 2>&1
    status=$?
    total=$(tail -n 1 "$tmp/out")
    if [ $status -eq 0 ] && echo "$total" | grep -q '^[1-9][0-9]* passed, 0 failed, [0-9]* skipped$'; then
        passed=$((passed + 1))
        echo "ok   $name${profile:+ (profile $profile)}: $total"
    else
        failed=$((failed + 1))
        echo "FAIL $name${profile:+ (profile $profile)}: exit $status"
        sed 's/^/     /' "$tmp/out"
        sed 's/^/     | /' "$f"
    fi
done
if [ $((passed + failed)) -lt 8 ]; then
    echo "FAIL only $((passed + failed)) examples found in $doc (\`\`\`test blocks)"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
