#!/bin/sh
# Usage: tests/doc/run.sh JOBTCK
# Every page of tests/doc/, its release folders (tests/doc/v26.2/: pages of that release, as
# the docs site reads a page's release from its path) and tests/doc/bad/ through `jobtck doc`:
# its stdout, stderr and exit status must be what NAME.expected says, and every counterexample
# it writes must replay with `jobtck run` under the profile it names and fail at the line its
# comment gives ("# at line N, as the claim does"): there the claim's expectation meets what
# the model does. JT_UPDATE=1 rewrites the .expected files instead: review the diff.
#
# The pages are our own, in the conventions of CockroachDB's documentation (none is copied):
#   pause-imports.md       the two defects of the v2.1 PAUSE JOB page (docs/spec.md, section 5):
#                          a v2.0 SHOW JOBS header, and "All jobs created by X will be
#                          paused" broken by a finished job of X's
#   front-matter.md        front matter that looks like Markdown (a sql block, a claim) is not
#                          read, and the lines after it are the file's
#   front-matter-dots.md   front matter closed with `...`; a command tag as output
#   liquid.md              {% … %} tags, {{site.data.alerts…}} callouts, HTML blocks between a
#                          sql block and its output, a claim over two lines, ~~~sql, a shell block
#   statements.md          several statements per block and per line, a statement over several
#                          lines with `;` in a string and a comment, a block without prompts,
#                          errors and tags that match and that do not, success implied
#   tables.md              +---+ tables with `...` columns, cells and rows, |-tables, one column,
#                          (N rows), rows and names that differ, a row with a cell too many, an
#                          output that is not compared
#   claims.md              claims that hold, that break (with and without "by default"), a
#                          resume claim, a claim with no statement to check
#   clean.md               a page without findings: exit 0
#   missing-job.md         statements on job IDs the page shows do not exist (`pq: job with ID 42
#                          does not exist`): no job is made up for them, the page passes
# Pages of a release (the folder names it, as the docs site reads it from the path), in the
# conventions of today's pages (v25.1 to v26.x):
#   v25.1/pause-job.md     true throughout, no finding: today's tables (a rule, `|...`, `(N
#                          rows)`), command tags, `ERROR:` with `SQLSTATE:`, time moving on
#                          between examples (a paused job shows paused), a `user@host/db>`
#                          prompt, a user the prose gives CONTROLJOB, the jobs of a schedule,
#                          the job types it pauses, "Non-admin users cannot pause admin users'
#                          jobs"
#   v25.1/show-jobs.md     true throughout: the fields, statuses and job types of the Response
#                          section, what pause-requested and cancel-requested move to, the 12
#                          hours, a description limit, VIEWJOB, GC jobs that cannot be
#                          canceled, rows a `...` leaves out that a later output shows
#   v25.1/cancel-job.md    a finding of each kind: page defects (a v2.0 header, a tag, a
#                          SQLSTATE, rows, a row count, a cut cell, one id for two jobs, a
#                          privilege sentence the owner of a job breaks, a bulk claim), what the
#                          kit cannot read (an output of prose, a claim with no statement before
#                          it), limits of the kit (a placeholder it cannot parse, the CHANGEFEED
#                          privilege, a job type it does not know)
#   v2.1/resume-job.md     two references: the v2.1 privilege sentences hold in the documented
#                          model and are false as v2.1 was built
#   v23.1/show-jobs.md     a Response section whose job types are out of date: every type that
#                          breaks the claim named in its one finding (types SHOW JOBS shows that
#                          it does not list, a type it lists that SHOW JOBS does not show); a
#                          field without values claims none
#   v24.2/show-jobs.md     a release no profile stands for: checked against an older one,
#                          with a warning
#   v26.2/show-jobs.md     a release within the range a profile stands for (v25.3 to v26.x):
#                          checked against it, without a warning
#   v26.2/automatic-jobs.md  examples that follow each other: the rows an automatic-jobs
#                          output leaves out are those a filtered one leaves out, a user shown
#                          later (`node`), a changefeed output's jobs are CHANGEFEED, rows
#                          compared by column name under a header with a column too many, and
#                          a statement on an id the page gives two jobs is not compared (a note)
#   bad/*.md               pages that are not pages: exit 2 with `file:line: message`
set -u
jobtck=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_doc.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$here" || exit 2
failed=0
pages=0
for page in *.md v*/*.md bad/*.md; do
    [ -e "$page" ] || continue
    pages=$((pages + 1))
    expected="${page%.md}.expected"
    out="$tmp/out/$(printf '%s' "$page" | tr / _)"
    mkdir -p "$out"
    "$jobtck" doc --out "$out" "$page" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    {
        cat "$tmp/stdout"
        echo "--- stderr"
        cat "$tmp/stderr"
        echo "--- exit $status"
    } | sed "s|$out|OUT|g" >"$tmp/got"
    if [ "${JT_UPDATE:-}" = 1 ]; then
        cp "$tmp/got" "$expected"
    fi
    if [ ! -f "$expected" ]; then
        echo "FAIL $page: no $expected (JT_UPDATE=1 writes it)"
        failed=$((failed + 1))
        continue
    fi
    if ! diff -u "$expected" "$tmp/got"; then
        echo "FAIL $page: output differs from $expected"
        failed=$((failed + 1))
        continue
    fi
    # every counterexample announced is there, and fails where the claim does
    announced=$(grep -c 'counterexample written to OUT/' "$tmp/got")
    written=0
    for case in "$out"/*.test; do
        [ -e "$case" ] || continue
        written=$((written + 1))
        profile=$(sed -n 's/^profile \([^ ]*\)$/\1/p' "$case" | head -n 1)
        line=$(sed -n 's/^# at line \([0-9]*\), as the claim does\.$/\1/p' "$case")
        "$jobtck" run ${profile:+--profile "$profile"} "$case" >"$tmp/replay" 2>&1
        status=$?
        if [ $status -ne 1 ] || [ -z "$line" ] || ! grep -q "^$case:$line: " "$tmp/replay"; then
            echo "FAIL $page: counterexample $(basename "$case") does not fail at its line ${line:-?} (exit $status):"
            cat "$tmp/replay"
            failed=$((failed + 1))
        fi
    done
    if [ "$announced" -ne "$written" ]; then
        echo "FAIL $page: $announced counterexamples announced, $written written"
        failed=$((failed + 1))
    fi
done
# a page that is not there
"$jobtck" doc --out "$tmp/none" no-such-page.md >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
if [ $status -ne 2 ] || [ "$(cat "$tmp/stderr")" != "no-such-page.md: cannot open: No such file or directory" ]; then
    echo "FAIL no-such-page.md: exit $status, stderr: $(cat "$tmp/stderr")"
    failed=$((failed + 1))
fi
# bad usage
"$jobtck" doc >/dev/null 2>&1
status=$?
if [ $status -ne 2 ]; then
    echo "FAIL jobtck doc without a page: exit $status, expected 2"
    failed=$((failed + 1))
fi
echo "doc pages: $pages pages, $failed failed"
[ $failed -eq 0 ]
