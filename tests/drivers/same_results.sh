#!/bin/sh
# The bundled suite through the model, the example plugin and the example adapter: the same
# output byte for byte (a line per file, the failures, the totals) and the same exit status.
# (Whether the suite passes on the model is ctest cases.model's business.)
# Usage: same_results.sh JOBTCK PLUGIN.so ADAPTER CASES
set -u
jobtck=$1 plugin=$2 adapter=$3 cases=$4
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
for d in model "plugin:$plugin" "exec:$adapter"; do
    name=${d%%:*}
    "$jobtck" run --driver "$d" "$cases" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
done
for name in plugin exec; do
    if ! cmp -s "$tmp/model.rc" "$tmp/$name.rc"; then
        echo "FAIL: --driver $name exits $(cat "$tmp/$name.rc"), the model $(cat "$tmp/model.rc")"
        cat "$tmp/$name.err"
        fail=1
    fi
    if ! cmp -s "$tmp/model.out" "$tmp/$name.out"; then
        echo "FAIL: --driver $name prints another result than the model:"
        diff "$tmp/model.out" "$tmp/$name.out" | head -40
        fail=1
    fi
done
[ "$fail" -eq 0 ] &&
    echo "ok: model, plugin and exec agree on $(grep -c '\.test: ' "$tmp/model.out") files:" \
        "$(tail -n 1 "$tmp/model.out"), exit $(cat "$tmp/model.rc")"
exit "$fail"
