#!/bin/sh
# jobtck explore on v2.1's scope (--users 3) finds exactly the states and transitions of the
# closed form, for J = 4 .. MAX (docs/explore.md, "The counts"):
#   states      = 6^(jobs not SCHEMA CHANGE) x 5^(SCHEMA CHANGE jobs)
#   transitions = states x (3UJ + 3U min(U, J)) + sum over jobs of 3 states / (6, or 5)
# (every statement runs in every state, a failing one as a step back to the same state; a job's
# own run has one step when it is pending, two when it runs). spin counts one more transition,
# its start. The fixed point must be reached, with no violation.
# Usage: sh tests/explore/closed_form.sh path/to/jobtck [MAX]   (MAX: 10 by default)
set -u
jobtck=$1
max=${2:-10}
U=3
failed=0
J=4
while [ "$J" -le "$max" ]; do
    expected=$(awk -v J="$J" -v U="$U" 'BEGIN {
        s = 1; for (j = 1; j <= J; j++) s *= ((j - 1) % 5 == 4) ? 5 : 6
        p = 0; for (j = 1; j <= J; j++) p += 3 * s / (((j - 1) % 5 == 4) ? 5 : 6)
        m = U < J ? U : J
        printf "states %.0f, transitions %.0f,", s, s * (3 * U * J + 3 * U * m) + p }')
    out=$("$jobtck" explore --jobs "$J" --users "$U" 2>&1)
    status=$?
    got=$(printf '%s\n' "$out" | sed -n 's/^\(states [0-9]*, transitions [0-9]*,\).*/\1/p')
    if [ "$status" = 0 ] && [ "$got" = "$expected" ] &&
        printf '%s\n' "$out" | grep -q 'fixed point reached'; then
        echo "ok   --jobs $J: $got $(printf '%s\n' "$out" | sed -n 's/^elapsed \([0-9.]* s\).*cpu \([0-9.]* s\).*/\1 (cpu \2)/p')"
    else
        failed=$((failed + 1))
        echo "FAIL --jobs $J: expected '$expected', got (exit $status):"
        printf '%s\n' "$out"
    fi
    J=$((J + 1))
done
[ "$failed" = 0 ]
