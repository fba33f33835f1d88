#!/bin/sh
# Profiles end to end (docs/profiles.md):
#  - each profile's case files (cases/profiles/<profile>/) pass under it, and the run of the
#    whole cases/ tree under it fails nothing (the files of other profiles are skipped);
#  - v2.1 as built fails exactly the records cases/profiles/v2.1-as-built.expect lists;
#  - a profile's case files run under the wrong profile fail where the versions differ: each
#    profile's files, with their `profile` line removed, under the profile before it (and the
#    files of the newest and oldest profiles under their neighbour after and before);
#  - `jobtck profiles A B` explains each new neighbour pair (v2.0/v2.1, v25.1/v25.3).
# Usage: sh tests/profiles/run.sh path/to/jobtck
set -u
jobtck=$1
cd "$(dirname "$0")/../.." || exit 2
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

profiles="v2.0 v2.1 v2.1-as-built v19.2 v20.1 v20.2 v22.2 v23.1 v25.1 v25.3"
listed=$("$jobtck" profiles | awk '{print $1}' | tr '\n' ' ')
[ "$listed" = "$profiles " ] && ok "jobtck profiles lists $profiles" ||
    bad "jobtck profiles lists '$listed', expected '$profiles'"
# Two profiles: the lines that differ, with what the error texts' placeholders stand for.
diff_out=$("$jobtck" profiles v2.1 v20.1)
if printf '%s\n' "$diff_out" | grep -q '^  CANCEL running  *-> canceled$' &&
    printf '%s\n' "$diff_out" | grep -q '^  *-> cancel-requested$' &&
    printf '%s\n' "$diff_out" | grep -q '^[0-9][0-9]* lines differ$' &&
    printf '%s\n' "$diff_out" | grep -q '{errq} and {errc} the job'; then
    ok "jobtck profiles v2.1 v20.1: $(printf '%s\n' "$diff_out" | grep 'lines differ$'), placeholders explained"
else
    bad "jobtck profiles v2.1 v20.1: $(printf '%s\n' "$diff_out" | tail -n 3)"
fi

# The new neighbours: what differs is said, line by line.
pair=$("$jobtck" profiles v2.0 v2.1)
if printf '%s\n' "$pair" | grep -q '^  command tag  *PAUSE JOB (no count)$' &&
    printf '%s\n' "$pair" | grep -q '^  NULL id  *an error$' &&
    printf '%s\n' "$pair" | grep -q 'no JOBS <select> (v2.0)'; then
    ok "jobtck profiles v2.0 v2.1: $(printf '%s\n' "$pair" | grep 'lines differ$')"
else
    bad "jobtck profiles v2.0 v2.1: $(printf '%s\n' "$pair" | tail -n 3)"
fi
pair=$("$jobtck" profiles v25.1 v25.3)
if printf '%s\n' "$pair" | grep -q '^  SHOW JOBS columns .*started' &&
    printf '%s\n' "$pair" | grep -q 'HOT RANGES LOGGER, INSPECT$'; then
    ok "jobtck profiles v25.1 v25.3: $(printf '%s\n' "$pair" | grep 'lines differ$')"
else
    bad "jobtck profiles v25.1 v25.3: $(printf '%s\n' "$pair" | tail -n 3)"
fi

for p in $profiles; do
    [ "$p" = v2.1-as-built ] && continue
    out=$("$jobtck" run --quiet --profile "$p" cases/)
    status=$?
    total=$(printf '%s\n' "$out" | tail -n 1)
    own=0
    if [ -d "cases/profiles/$p" ]; then
        own=$("$jobtck" run --quiet --profile "$p" "cases/profiles/$p" | tail -n 1 |
            sed -n 's/^\([0-9]*\) passed, 0 failed, 0 skipped$/\1/p')
    fi
    if [ "$status" -eq 0 ] && [ "$p" = v2.1 ]; then
        ok "profile $p: $total (its files are cases/*.test and cases/generated/)"
    elif [ "$status" -eq 0 ] && [ "${own:-0}" -gt 0 ]; then
        ok "profile $p: $total (its own files: ${own} passed)"
    else
        bad "profile $p: exit $status, $total (its own files: '${own}')"
    fi
done

out=$("$jobtck" run --quiet --profile v2.1-as-built --expect cases/profiles/v2.1-as-built.expect cases/)
status=$?
total=$(printf '%s\n' "$out" | tail -n 1)
case $total in
*" 0 failed,"*" known deviations, 0 unexpectedly passed") [ "$status" -eq 0 ] && ok "v2.1 as built: $total" ;;
*) bad "v2.1 as built: exit $status, $total" ;;
esac
out=$("$jobtck" run --quiet --profile v2.1-as-built cases/profiles/v2.1-as-built)
[ $? -eq 0 ] && ok "v2.1 as built, its own file: $(printf '%s\n' "$out" | tail -n 1)" ||
    bad "v2.1 as built, its own file"

# The wrong profile: each profile's files, unmarked, under the one before.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
prev=""
for p in v2.1-as-built v19.2 v20.1 v20.2 v22.2 v23.1 v25.1 v25.3; do
    if [ -n "$prev" ]; then
        rm -rf "$tmp/$p"
        mkdir -p "$tmp/$p"
        for f in cases/profiles/$p/*.test; do
            sed '/^profile /d' "$f" >"$tmp/$p/$(basename "$f")"
        done
        out=$("$jobtck" run --quiet --profile "$prev" "$tmp/$p" 2>/dev/null)
        status=$?
        total=$(printf '%s\n' "$out" | tail -n 1)
        case $total in
        *" 0 failed,"*) bad "the files of $p under $prev: exit $status, $total (nothing caught)" ;;
        *) [ "$status" -ne 0 ] && ok "the files of $p under $prev fail: $total" ||
            bad "the files of $p under $prev: exit $status" ;;
        esac
    fi
    prev=$p
done
# v2.0's files under v2.1, and v25.1's under v25.3: each neighbour pair both ways
for pair in "v2.0 v2.1" "v25.1 v25.3"; do
    set -- $pair
    mkdir -p "$tmp/rev-$1"
    for f in cases/profiles/$1/*.test; do
        sed '/^profile /d' "$f" >"$tmp/rev-$1/$(basename "$f")"
    done
    out=$("$jobtck" run --quiet --profile "$2" "$tmp/rev-$1" 2>/dev/null)
    status=$?
    total=$(printf '%s\n' "$out" | tail -n 1)
    case $total in
    *" 0 failed,"*) bad "the files of $1 under $2: exit $status, $total (nothing caught)" ;;
    *) [ "$status" -ne 0 ] && ok "the files of $1 under $2 fail: $total" ||
        bad "the files of $1 under $2: exit $status" ;;
    esac
done
# and v2.1's own files under v19.2, the first version after it
mkdir -p "$tmp/v21"
for f in cases/*.test; do sed '/^profile /d' "$f" >"$tmp/v21/$(basename "$f")"; done
out=$("$jobtck" run --quiet --profile v19.2 "$tmp/v21" 2>/dev/null)
status=$?
total=$(printf '%s\n' "$out" | tail -n 1)
case $total in
*" 0 failed,"*) bad "the files of v2.1 under v19.2: exit $status, $total (nothing caught)" ;;
*) ok "the files of v2.1 under v19.2 fail: $total" ;;
esac

echo "profiles: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
