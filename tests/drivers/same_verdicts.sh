#!/bin/sh
# What a result means for a case file comes from the result, whatever the driver (ABI 3): SQL
# outside the subset (a syntax error with its position) and a fixture the implementation refuses
# as impossible in its version are errors of the case file, exit 2, on the model, the example
# plugin, the example adapter (exec) and pgwire to jobtck serve alike: the same lines per file
# and totals, the same exit status, and for the SQL the same `file:line:col: ...` on stderr.
# Usage: same_verdicts.sh JOBTCK PLUGIN.so ADAPTER SOURCE_DIR
set -u
jobtck=$1 plugin=$2 adapter=$3 src=$4
cd "$src" || exit 2
tmp=$(mktemp -d) || exit 2
serve_pid=
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
"$jobtck" serve --listen 127.0.0.1:0 >"$tmp/port" 2>"$tmp/serve.log" &
serve_pid=$!
for i in $(seq 100); do
    [ -s "$tmp/port" ] && break
    sleep 0.1
done
port=$(head -n 1 "$tmp/port")
[ -n "$port" ] || { echo "FAIL: serve did not start: $(cat "$tmp/serve.log")"; exit 1; }
url="postgresql://root@127.0.0.1:$port/verdicts?sslmode=disable"
fail=0 n=0
for f in tests/bad/outside-subset.test tests/bad/outside-subset-utf8.test \
    tests/bad/fixture-status-of-later-version.test; do
    "$jobtck" run "$f" >"$tmp/model.out" 2>"$tmp/model.err"
    rc=$?
    if [ "$rc" -ne 2 ]; then
        echo "FAIL: $f: the model exits $rc, not 2"
        fail=1
    fi
    k=0
    for d in "plugin:$plugin" "exec:$adapter" "pgwire:$url"; do
        k=$((k + 1))
        if [ "${d%%:*}" = pgwire ]; then
            "$jobtck" run --driver "$d" --fixtures cases/recipes/serve.sql "$f" \
                >"$tmp/$k.out" 2>"$tmp/$k.err"
        else
            "$jobtck" run --driver "$d" "$f" >"$tmp/$k.out" 2>"$tmp/$k.err"
        fi
        got=$?
        n=$((n + 1))
        if [ "$got" -ne "$rc" ] || ! cmp -s "$tmp/model.out" "$tmp/$k.out"; then
            echo "FAIL: $f through ${d%%:*}: exit $got (the model: $rc)"
            diff "$tmp/model.out" "$tmp/$k.out" | head -20
            fail=1
        fi
        case $f in *outside-subset*)
            # serve parses PostgreSQL: it answers CREATE TABLE with 0A000 (valid SQL it does not
            # implement), not the model's syntax error; the same place and kind all the same
            if [ "${d%%:*}" = pgwire ]; then
                sed 's/\(SQL outside the subset\): .*/\1/' "$tmp/model.err" >"$tmp/model.cut"
                sed 's/\(SQL outside the subset\): .*/\1/' "$tmp/$k.err" >"$tmp/$k.cut"
                if ! cmp -s "$tmp/model.cut" "$tmp/$k.cut"; then
                    echo "FAIL: $f through pgwire: another place or kind than the model's"
                    diff "$tmp/model.err" "$tmp/$k.err"
                    fail=1
                fi
            elif ! cmp -s "$tmp/model.err" "$tmp/$k.err"; then
                echo "FAIL: $f through ${d%%:*}: another message than the model's"
                diff "$tmp/model.err" "$tmp/$k.err"
                fail=1
            fi
        esac
    done
done
[ "$fail" -eq 0 ] && echo "ok: $n runs through plugin, exec and pgwire give the model's verdicts, exit 2"
exit "$fail"
