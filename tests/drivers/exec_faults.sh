#!/bin/sh
# The exec driver against adapters that misbehave (tests/drivers/fault.c) on the statement at
# line 5 of cases/2-fault.test: that record and the rest of the file fail with a message that
# says what happened and shows the adapter's stderr, never a pass; the file before and the
# file after (on a fresh adapter) pass. An adapter that writes two lines in reply to the last
# statement of a file, with and without the reset capability. Then adapters that cannot even
# start.
# Usage: exec_faults.sh JOBTCK FAULT_ADAPTER CASES
set -u
jobtck=$1 adapter=$2 cases=$3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect MODE EXIT_STATUS TEXT...: the run exits so and its output has each TEXT
expect() {
    mode=$1 want=$2
    shift 2
    "$jobtck" run --timeout 2 --driver "exec:'$adapter' $mode:4242" "$cases" >"$tmp/out" 2>&1
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL: $mode: exit status $rc, expected $want"
        cat "$tmp/out"
        fail=1
        return
    fi
    for text in "$@"; do
        if ! grep -qF -- "$text" "$tmp/out"; then
            echo "FAIL: $mode: the output lacks: $text"
            cat "$tmp/out"
            fail=1
            return
        fi
    done
    echo "ok: $mode: $(grep -F '2-fault.test:5:' "$tmp/out" | head -1)"
}

f="$cases/2-fault.test"
common="$cases/1-before.test: 2 passed, 0 failed, 0 skipped
$f: 0 passed, 3 failed, 0 skipped
$cases/3-after.test: 2 passed, 0 failed, 0 skipped
$f:8: not run: the driver failed at line 5
$f:11: not run: the driver failed at line 5
4 passed, 3 failed, 0 skipped"

# Each line of $common must be there too.
expect_fault() {
    mode=$1
    shift
    old_ifs=$IFS
    IFS='
'
    # shellcheck disable=SC2086
    set -- "$@" $common
    IFS=$old_ifs
    expect "$mode" 1 "$@"
}

expect_fault crash "$f:5: driver failure: adapter jobtck_fault_adapter: it closed its stdout" \
    "killed by signal 6" "stderr: fault adapter: crashing on purpose"
expect_fault hang "$f:5: driver failure: adapter jobtck_fault_adapter: no reply to exec within 2000 ms" \
    "stopped with SIGKILL" "stderr: fault adapter: hanging on purpose"
expect_fault garbage "$f:5: driver failure: adapter jobtck_fault_adapter: its reply to exec is not JSON" \
    "'this is not JSON'" "stderr: fault adapter: writing garbage on purpose"
expect_fault exit "$f:5: driver failure: adapter jobtck_fault_adapter: it closed its stdout without replying to exec" \
    "it exited with status 3" "stderr: fault adapter: exiting early on purpose"
expect_fault partial "$f:5: driver failure: adapter jobtck_fault_adapter: no reply to exec within 2000 ms" \
    "stderr: fault adapter: writing half a reply on purpose"
expect_fault badshape "$f:5: driver failure: adapter jobtck_fault_adapter: row 1 of its result has a number" \
    "stderr: fault adapter: writing a number as a value on purpose"
expect_fault twolines "$f:5: driver failure: adapter jobtck_fault_adapter: it wrote more than one line in reply to exec: '{\"ok\":true,\"tag\":\"PAUSE JOBS 1\"" \
    "stderr: fault adapter: writing two lines on purpose"
# A megabyte on stderr while it works: no deadlock, everything passes.
expect flood 0 "7 passed, 0 failed, 0 skipped"

# Two lines in reply to the last statement of a file: that record fails, and the next file
# passes on a fresh adapter, whether the adapter can reset or not.
mkdir "$tmp/last"
printf 'fixture job id=4242 type=IMPORT status=running\n\nstatement ok\nSHOW JOBS\n\nstatement ok\nPAUSE JOB 4242\n' \
    >"$tmp/last/a.test"
cp "$cases/3-after.test" "$tmp/last/b.test"
for noreset in "" 1; do
    JT_FAULT_NORESET=$noreset "$jobtck" run --timeout 2 \
        --driver "exec:'$adapter' twolines:4242" "$tmp/last" >"$tmp/out" 2>&1
    rc=$?
    what="twolines on the last record${noreset:+ (no reset capability)}"
    if [ "$rc" -ne 1 ]; then
        echo "FAIL: $what: exit status $rc, expected 1"
        cat "$tmp/out"
        fail=1
        continue
    fi
    for text in "$tmp/last/a.test:6: driver failure: adapter jobtck_fault_adapter: it wrote more than one line in reply to exec" \
        "$tmp/last/a.test: 1 passed, 1 failed, 0 skipped" "$tmp/last/b.test: 2 passed, 0 failed, 0 skipped" \
        "3 passed, 1 failed, 0 skipped"; do
        if ! grep -qF -- "$text" "$tmp/out"; then
            echo "FAIL: $what: the output lacks: $text"
            cat "$tmp/out"
            fail=1
            continue 2
        fi
    done
    echo "ok: $what: $(grep -F 'a.test:6:' "$tmp/out" | head -1)"
done

# Adapters that cannot start: a clear message, exit 2.
start() {
    what=$1 spec=$2 text=$3
    "$jobtck" run --timeout 0.5 --driver "$spec" "$cases" >"$tmp/out" 2>&1
    rc=$?
    if [ "$rc" -ne 2 ] || ! grep -qF -- "$text" "$tmp/out"; then
        echo "FAIL: $what: exit status $rc (expected 2), output lacks: $text"
        cat "$tmp/out"
        fail=1
        return
    fi
    echo "ok: $what: $(head -1 "$tmp/out")"
}
start "missing program" "exec:$tmp/no-such-adapter" "cannot start $tmp/no-such-adapter: No such file or directory"
start "exits at once" "exec:true" "adapter true: it closed its stdout without replying to hello; it exited with status 0"
start "echoes the request" "exec:cat" "adapter cat: its reply to hello has no boolean \"ok\""
start "unterminated quote" "exec:'$adapter" "unterminated ' in the command"
start "empty command" "exec:" "the command is empty"
exit "$fail"
