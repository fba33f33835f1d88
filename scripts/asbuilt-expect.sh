#!/usr/bin/env bash
# Writes cases/profiles/v2.1-as-built.expect: the records of cases/ that CockroachDB v2.1 as
# it shipped fails (profile v2.1-as-built: no privilege check on control statements,
# cockroachdb/cockroach#40916), one FILE:LINE a line with the reason (sim/run/expect.h).
# tests/profiles/run.sh checks that the file lists exactly them: a run with --expect is green
# only when every listed record fails and every other one passes.
# Usage: scripts/asbuilt-expect.sh [JOBTCK]   (default build/jobtck)
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
jobtck=${1:-build/jobtck}
out=cases/profiles/v2.1-as-built.expect
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
    echo "# Known deviations of v2.1 as built (profile v2.1-as-built) from the v2.1 cases: it has no"
    echo "# privilege check on PAUSE/RESUME/CANCEL (cockroachdb/cockroach#40916), so a non-admin's"
    echo "# control statement succeeds where v2.1 refuses it, and what follows sees its effect."
    echo "# Written by scripts/asbuilt-expect.sh; tests/profiles/run.sh checks it is exact."
    { "$jobtck" run --quiet --profile v2.1-as-built cases/ || [ $? -eq 1 ]; } |
        sed -n -E 's/^(cases\/[^ :]+\.test:[0-9]+): .*/\1/p' | sort -u -t: -k1,1 -k2,2n |
        sed 's/$/ no privilege check on control statements in v2.1 as built (cockroachdb\/cockroach#40916)/'
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "asbuilt-expect: $(grep -c '^cases/' "$out") records listed in $out"
