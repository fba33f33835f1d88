#!/bin/sh
# Fault containment, end to end: an implementation that crashes, hangs, answers garbage or
# dies in the middle of a file (tests/drivers/fault.c behind the exec driver, faulting at
# line 5 of tests/drivers/cases/2-fault.test), with reports written; and the same with a
# report path that is unwritable, on a full disk (/dev/full) or past a file-size limit. In
# every case the run says so, keeps every result already obtained (the reports that could be
# written are complete for what ran: the file before and the file after pass, the faulted
# file's records fail and none of them passes), leaves no half-written file, and exits
# non-zero. Prints one line per check and "N passed, N failed".
# Usage: sh tests/faults/run.sh JOBTCK FAULT_ADAPTER CASES
set -u
jobtck=$1 adapter=$2 cases=$3
tmp=$(mktemp -d) || exit 2
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0
failed=0
faults=0

check() { # name, want, got
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1"
        echo "     expected: $2"
        echo "     got:      $3"
    fi
}

# The JSON report's records as "file outcome" counts, one line, or why it cannot be read.
records() { # report.json
    python3 - "$1" <<'PY'
import json, os, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception as e:
    print("unreadable: %s" % e); sys.exit(0)
out = []
for f in r["files"]:
    name = os.path.basename(f["path"])
    n = {}
    for rec in f["records"]:
        n[rec["outcome"]] = n.get(rec["outcome"], 0) + 1
    out.append("%s %s" % (name, ",".join("%s=%d" % kv for kv in sorted(n.items()))))
print("; ".join(out) + "; exit_status=%d" % r["exit_status"])
PY
}

want_records="1-before.test pass=2; 2-fault.test fail=3; 3-after.test pass=2; exit_status=1"

# Files other than the reports in a report folder: leftovers of a write.
leftovers() { # dir, the report names
    dir=$1
    shift
    ls -A "$dir" | grep -v -x -F "$(printf '%s\n' "$@")" | tr '\n' ' '
}

# --timeout 5: long enough for an answer under AddressSanitizer on a loaded machine (1 s was
# not), short enough for the hang.
for mode in crash hang garbage exit partial badshape; do
    d=$tmp/$mode
    mkdir -p "$d"
    "$jobtck" run --timeout 5 --driver "exec:'$adapter' $mode:4242" \
        --report "json=$d/r.json,junit=$d/r.xml" "$cases" >"$d/out" 2>"$d/err"
    status=$?
    faults=$((faults + 1))
    check "$mode: exit 1" 1 "$status"
    # why, when it is not (an adapter that did not start in time exits 2 before any record)
    [ "$status" = 1 ] || head -n 5 "$d/err" | sed 's/^/     stderr: /'
    check "$mode: says so" yes "$(grep -q -F '2-fault.test:5: driver failure: adapter jobtck_fault_adapter' "$d/out" && echo yes)"
    check "$mode: the JSON report has every result" "$want_records" "$(records "$d/r.json")"
    check "$mode: the JUnit report counts them" 'tests="7" failures="3"' \
        "$(grep -o -m 1 'tests="[0-9]*" failures="[0-9]*"' "$d/r.xml")"
    check "$mode: no half-written file" "" "$(leftovers "$d" r.json r.xml out err)"
done

# A fault and a report that cannot be written: each failure said on its own line, the other
# report complete, exit 2 (an output error outranks a failed record).
report_fault() { # name, the unwritable report's spec, the message's start
    name=$1 spec=$2 text=$3
    d=$tmp/$name
    mkdir -p "$d"
    "$jobtck" run --timeout 5 --driver "exec:'$adapter' crash:4242" \
        --report "$spec,json=$d/r.json" "$cases" >"$d/out" 2>"$d/err"
    status=$?
    faults=$((faults + 1))
    check "$name: exit 2" 2 "$status"
    check "$name: one line says so" yes "$(grep -q -F "$text" "$d/err" && echo yes)"
    check "$name: the summary is printed" "4 passed, 3 failed, 0 skipped" "$(tail -n 1 "$d/out")"
    # (its exit_status is the results': it may be written before the other report fails)
    check "$name: the other report has every result" "${want_records%; exit_status=*}" \
        "$(records "$d/r.json" | sed 's/; exit_status=[0-9]*$//')"
    check "$name: no half-written file" "" "$(leftovers "$d" r.json out err ro)"
}
report_fault "full disk (/dev/full)" "junit=/dev/full" \
    "jobtck run: cannot write the junit report /dev/full"
# a folder that is a file: unwritable even for root
mkdir -p "$tmp/unwritable path"
: >"$tmp/unwritable path/ro"
report_fault "unwritable path" "junit=$tmp/unwritable path/ro/r.xml" \
    "jobtck run: cannot write the junit report $tmp/unwritable path/ro"

echo "$faults faults injected; $passed passed, $failed failed"
[ "$failed" -eq 0 ]
