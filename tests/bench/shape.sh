#!/bin/sh
# Usage: tests/bench/shape.sh JOBTCK CASE_FILE
# A tiny jobtck bench: the shape of its output, never a timing. Each figure is there beside its
# SQLite anchor and the ratio (the pipeline, every size of the bulk pause, the summary line).
set -u
jobtck=$1
case_file=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cases" && cp "$case_file" "$tmp/cases/" || exit 2
"$jobtck" bench --cases "$tmp/cases" --max-jobs 10000 --seconds 0 --explore-jobs 3 \
    --anchor-statements 50 >"$tmp/out" 2>&1
status=$?
failed=0
expect() { # expect WHAT REGEX: a line of the output matches REGEX
    if grep -Eq "$2" "$tmp/out"; then
        echo "ok   $1"
    else
        echo "FAIL $1: no line matches /$2/"
        failed=1
    fi
}
[ "$status" -eq 0 ] || { echo "FAIL exit status $status"; failed=1; }
expect "pipeline figure" '^  jobtck: 1 passes in [0-9.]+ s: [0-9]+ statements/s'
expect "pipeline anchor" '^  anchor: SQLite [0-9.]+ in memory, 50 statements .*: [0-9]+ statements/s$'
expect "pipeline ratio" '^  ratio:  jobtck/SQLite [0-9]+\.[0-9]{2}x'
for n in 1000 10000; do
    expect "bulk pause at $n jobs, beside SQLite's" \
        "^ +$n +$((n / 100)) +[0-9]+ +[0-9.]+ ms( +[0-9.]+){4} \| +[0-9]+ +[0-9.]+ ms( +[0-9.]+){2} +[0-9]+\.[0-9]{2}x$"
done
expect "bulk summary" '^  at 10000 jobs: [0-9.]+ ns/job, SQLite [0-9.]+ ns/row: ratio [0-9]+\.[0-9]{2}x'
for sql in 'RESUME JOBS \(SELECT job_id' 'CANCEL JOBS \(SELECT job_id' \
    "SELECT job_id FROM \\[SHOW JOBS\\] WHERE user_name = 'u7'" 'SELECT count\(\*\) FROM \[SHOW JOBS\]'; do
    expect "the other statement '$sql' at both sizes, beside SQLite's" \
        "^  $sql.*( +[0-9]+\.[0-9] \( *[0-9]+\.[0-9]x\)){2}\$"
done
expect "explore figure" '^explore --jobs 3 --users 3, the whole search on [0-9]+ threads?: [0-9]+ states, [0-9]+ transitions'
[ "$failed" -eq 0 ] || { echo "--- output:"; cat "$tmp/out"; }
exit "$failed"
