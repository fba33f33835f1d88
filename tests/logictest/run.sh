#!/bin/sh
# scripts/crdb-logictests.sh over our own file in the form of CockroachDB's logic tests
# (files/, table): the records of job control pass, those outside it are counted apart, and
# the script's line says so. Usage: run.sh JOBTCK
set -u
jobtck=$1
cd "$(dirname "$0")" || exit 2
out=$(bash ../../scripts/crdb-logictests.sh --jobtck "$jobtck" files table)
status=$?
printf '%s\n' "$out"
line=$(printf '%s\n' "$out" | awk '$1 == "outside@kit" {print $3, $4, $5, $6, $7}')
if [ "$status" -ne 0 ] || [ "$line" != "v23.1 8 0 5 5" ]; then
    echo "FAIL: exit $status, counts '$line', expected 'v23.1 8 0 5 5' (passed failed skipped outside)"
    exit 1
fi
# a file the table names but the folder lacks: exit 2, said on its line
missing=$(mktemp)
printf 'nothing@here v23.1 v23.1\n' > "$missing"
miss=$(bash ../../scripts/crdb-logictests.sh --jobtck "$jobtck" files "$missing" 2>&1)
status=$?
printf '%s\n' "$miss" | grep -q '^nothing@here .* missing$'
rc=$?
rm -f "$missing"
if [ "$rc" -ne 0 ] || [ "$status" -ne 2 ]; then
    echo "FAIL: a missing file: exit $status (expected 2)"
    exit 1
fi
echo "ok: outside@kit 8 passed, 5 not job control; a missing file exits 2"
