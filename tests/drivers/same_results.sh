#!/bin/sh
# The bundled suite through the model and through each driver spec given (the example plugin,
# the example adapter, a plugin built against an older ABI...): the same output byte for byte
# (a line per file, the failures, the totals) and the same exit status.
# (Whether the suite passes on the model is ctest cases.model's business.)
# Usage: same_results.sh JOBTCK CASES SPEC...
set -u
jobtck=$1 cases=$2
shift 2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 k=0 names=model
"$jobtck" run --driver model "$cases" >"$tmp/model.out" 2>"$tmp/model.err"
echo $? >"$tmp/model.rc"
for d in "$@"; do
    k=$((k + 1))
    name=${d%%:*}
    names="$names, $name"
    "$jobtck" run --driver "$d" "$cases" >"$tmp/$k.out" 2>"$tmp/$k.err"
    echo $? >"$tmp/$k.rc"
    if ! cmp -s "$tmp/model.rc" "$tmp/$k.rc"; then
        echo "FAIL: --driver $d exits $(cat "$tmp/$k.rc"), the model $(cat "$tmp/model.rc")"
        cat "$tmp/$k.err"
        fail=1
    fi
    if ! cmp -s "$tmp/model.out" "$tmp/$k.out"; then
        echo "FAIL: --driver $d prints another result than the model:"
        diff "$tmp/model.out" "$tmp/$k.out" | head -40
        fail=1
    fi
done
[ "$fail" -eq 0 ] &&
    echo "ok: $names agree on $(grep -c '\.test: ' "$tmp/model.out") files:" \
        "$(tail -n 1 "$tmp/model.out"), exit $(cat "$tmp/model.rc")"
exit "$fail"
