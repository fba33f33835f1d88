#!/bin/sh
# Driver options (--driver-option KEY=VALUE) reach the implementation: the example plugin and the
# example adapter serve the profile the option names (the v20.1 cases pass through them as on the
# model of v20.1, none skipped); a key a driver does not take is bad usage naming the key and the
# driver; the shorthands are options of one driver.
# Usage: options.sh JOBTCK PLUGIN.so ADAPTER SOURCE_DIR
set -u
jobtck=$1 plugin=$2 adapter=$3 src=$4
cd "$src" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; }

cases=cases/profiles/v20.1
"$jobtck" run --profile v20.1 "$cases" >"$tmp/model" 2>&1
for d in "plugin:$plugin" "exec:$adapter"; do
    "$jobtck" run --driver "$d" --driver-option profile=v20.1 "$cases" >"$tmp/got" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && cmp -s "$tmp/model" "$tmp/got"; then
        ok "${d%%:*} --driver-option profile=v20.1: the model of v20.1's results"
    else
        fail "${d%%:*} --driver-option profile=v20.1: exit $rc" "$(diff "$tmp/model" "$tmp/got" | head)"
    fi
done
# without the option the plugin serves its default (v2.1), and the v20.1 files are skipped:
# nothing checked, which is not a success (exit 1)
"$jobtck" run --driver "plugin:$plugin" "$cases" >"$tmp/got" 2>"$tmp/got.err"
rc=$?
if tail -n 1 "$tmp/got" | grep -q '^0 passed, 0 failed, [1-9][0-9]* skipped$' && [ "$rc" -eq 1 ] &&
    grep -q '^jobtck run: no record was checked: all [0-9]* were skipped$' "$tmp/got.err"; then
    ok "without it, the files written for v20.1 are skipped (exit 1: nothing checked)"
else
    fail "without it, the files written for v20.1 are skipped" "$(tail -n 1 "$tmp/got")"
fi

# expect NAME STATUS MESSAGE ARGS...: exit STATUS, the first line of stderr is MESSAGE
expect() {
    name=$1 status=$2 message=$3
    shift 3
    "$jobtck" run "$@" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq "$status" ] && [ "$(head -n 1 "$tmp/err")" = "$message" ]; then
        ok "$name"
    else
        fail "$name: exit $rc" "$(head -n 1 "$tmp/err")"
    fi
}
expect "a plugin's unknown option" 2 \
    "jobtck run: example plugin takes no option 'colour' (it takes profile)" \
    --driver "plugin:$plugin" --driver-option colour=blue "$cases"
expect "the model's unknown option (--fixtures is pgwire's)" 2 \
    "jobtck run: driver model takes no option 'fixtures' (it takes profile)" \
    --fixtures cases/recipes/serve.sql "$cases"
expect "pgwire's unknown option" 2 \
    "jobtck run: driver pgwire takes no option 'timeout_ms' (it takes fixtures, statement_timeout_ms)" \
    --driver pgwire:postgresql://root@127.0.0.1:1/x --timeout 1 "$cases"
expect "an option given twice" 2 "jobtck run: the driver option profile is given twice" \
    --driver-option profile=v20.1 --driver-option profile=v20.1 "$cases"
expect "not KEY=VALUE" 2 "jobtck run: --driver-option expects KEY=VALUE, got 'profile'" \
    --driver-option profile "$cases"
expect "--profile and the option differ" 2 \
    "jobtck run: --profile v2.1 differs from the profile of --driver model" \
    --profile v2.1 --driver-option profile=v20.1 "$cases"
expect "model:PROFILE and the option differ" 2 \
    "jobtck run: --driver model:v2.1 and the option profile=v20.1 differ" \
    --driver model:v2.1 --driver-option profile=v20.1 "$cases"
"$jobtck" run --driver-option profile=v20.1 "$cases" >"$tmp/got" 2>&1
if cmp -s "$tmp/model" "$tmp/got"; then
    ok "--driver-option profile=v20.1 is --profile v20.1 for the model"
else
    fail "--driver-option profile=v20.1 is --profile v20.1 for the model" "$(tail -n 2 "$tmp/got")"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
