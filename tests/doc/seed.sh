#!/bin/sh
# Usage: tests/doc/seed.sh JOBTCK PAGE
# The seed page (../shared/docs/pause-job.md, when it is there: exit 77, skipped, when it is
# not) through `jobtck doc`: both of its known defects are reported at their lines, and the
# counterexample replays with `jobtck run`.
set -u
jobtck=$1
page=$2
if [ ! -f "$page" ]; then
    echo "SKIP: $page is not there"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_doc_seed.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
"$jobtck" doc --out "$tmp" "$page" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
cat "$tmp/stdout" "$tmp/stderr"
failed=0
if [ $status -ne 1 ]; then
    echo "FAIL: exit $status, expected 1 (findings)"
    failed=1
fi
header="pause-job.md:42: SHOW JOBS output shows column names \"id | type | description\" (v2.0); v2.1 prints \"job_id | job_type | description | …\""
if ! grep -qF "$header" "$tmp/stdout"; then
    echo "FAIL: the v2.0 header of line 42 is not reported as: $header"
    failed=1
fi
claim="pause-job.md:63: claim \"All jobs created by maxroach will be paused\" fails: when maxroach also has job 2 (IMPORT, succeeded), the PAUSE JOBS statement at line 59 fails with \"cannot pause succeeded job (id 2)\" and pauses nothing"
if ! grep -qF "$claim" "$tmp/stdout"; then
    echo "FAIL: the counterexample to the claim of line 63 is not reported as: $claim"
    failed=1
fi
if ! grep -q '^[0-9]* passed, [0-9]* failed$' "$tmp/stdout"; then
    echo "FAIL: the output does not end with 'N passed, N failed'"
    failed=1
fi
if [ ! -f "$tmp/pause-job-63.test" ]; then
    echo "FAIL: no counterexample $tmp/pause-job-63.test"
    failed=1
elif ! "$jobtck" run "$tmp/pause-job-63.test"; then
    echo "FAIL: the counterexample does not replay"
    failed=1
fi
exit $failed
