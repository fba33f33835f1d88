#!/usr/bin/env bash
# scripts/spin-explore.sh: spin beside `jobtck explore` on the same scope (not a test).
#
# For each J, spin searches scripts/explore.pml (the scope of `jobtck explore --jobs J --users U`
# under v2.1, in Promela) exhaustively, then jobtck explores the same scope, back to back, RUNS
# times; each prints its states, transitions, wall and CPU (user + system) seconds and peak
# memory, and the ratio spin / jobtck of both times. Generating and compiling pan is left out of
# spin's time, as the compilation of the explorer is left out of jobtck's.
#
# Usage: scripts/spin-explore.sh [--jobtck PATH] [J ...]     (default J: 6 7 8 9 10)
#        scripts/spin-explore.sh --emit J U                   (the action list, for by hand)
# Env:   U=3 users; RUNS=3; LIMIT_S=900 (a search still running is stopped, and larger J are
#        not tried for that tool); MEMLIM_MB=8192 (pan's -DMEMLIM); THREADS (jobtck --threads)
# Needs: spin, gcc and GNU time (apt-get install spin gcc time). Without spin it says so and
# exits 77.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# The action list of the scope: one d_step per statement, then the steps of each job's run.
emit() { # J U
    local J=$1 U=$2 op u k o m
    m=$((U < J ? U : J))
    echo "active proctype scope() {"
    echo "  do"
    for op in PAUSE RESUME CANCEL; do
        for ((u = 0; u < U; u++)); do
            for ((k = 0; k < J; k++)); do echo "  :: d_step { single($op, $u, $k) }"; done
            for ((o = 0; o < m; o++)); do echo "  :: d_step { bulk($op, $u, $o) }"; done
        done
    done
    for ((k = 0; k < J; k++)); do
        echo "  :: d_step { start($k) }"
        echo "  :: d_step { succeed($k) }"
        echo "  :: d_step { fail($k) }"
    done
    echo "  od"
    echo "}"
}

if [ "${1:-}" = "--emit" ]; then
    emit "$2" "$3"
    exit 0
fi
jobtck=$here/../build/jobtck
if [ "${1:-}" = "--jobtck" ]; then
    jobtck=$2
    shift 2
fi
JS=${*:-"6 7 8 9 10"}
U=${U:-3}
RUNS=${RUNS:-3}
LIMIT_S=${LIMIT_S:-900}
MEMLIM_MB=${MEMLIM_MB:-8192}
threads=${THREADS:+--threads $THREADS}
for tool in spin gcc /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "spin-explore: $tool is not installed (apt-get install spin gcc time)"; exit 77; }
done
[ -x "$jobtck" ] || { echo "spin-explore: no jobtck at $jobtck (--jobtck PATH)" >&2; exit 2; }
jobtck=$(cd "$(dirname "$jobtck")" && pwd)/$(basename "$jobtck")
work=$(mktemp -d -t spin-explore.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$here/explore.pml" "$work/"
cd "$work"

echo "# $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(spin -V | head -n 1); gcc $(gcc -dumpfullversion); jobtck $jobtck; U=$U, $RUNS runs"
printf "%-3s %-3s %-6s %12s %14s %9s %9s %9s %8s %9s %9s\n" J run tool states transitions \
    wall_s cpu_s rss_MB depth "wall x" "cpu x"

# runs CMD with time and a limit; sets wall cpu rss status
timed() {
    set +e
    /usr/bin/time -f "%e %U %S %M" -o time.out timeout -s INT "$LIMIT_S" "$@" >run.out 2>&1
    status=$?
    set -e
    read -r wall user sys rss <time.out
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    rss=$(awk -v r="$rss" 'BEGIN { printf "%.1f", r / 1024 }')
}

spin_off=0
jobtck_off=0
for J in $JS; do
    w=10
    states_max=$(awk -v J="$J" 'BEGIN { s = 1; for (j = 1; j <= J; j++) s *= ((j - 1) % 5 == 4) ? 5 : 6; printf "%.0f", s }')
    while [ $((1 << w)) -lt "$states_max" ]; do w=$((w + 1)); done
    emit "$J" "$U" >explore-actions.pml
    spin -DJ="$J" -DU="$U" -a explore.pml >/dev/null
    gcc -O2 -DNOREDUCE -DSAFETY -DMEMLIM="$MEMLIM_MB" -o pan pan.c
    for ((run = 1; run <= RUNS; run++)); do
        if [ "$spin_off" = 0 ]; then
            timed ./pan -m100000 -w"$w"
            if [ "$status" = 124 ] || grep -q "errors: [1-9]\|out of memory" run.out; then
                echo "$J   $run   spin   stopped after $LIMIT_S s or failed: $(grep -m1 'states, stored' run.out || true)"
                spin_off=1
            else
                s_states=$(awk '/states, stored/ { printf "%.0f", $1 }' run.out)
                s_trans=$(awk '/transitions \(= stored\+matched\)/ { printf "%.0f", $1 }' run.out)
                s_depth=$(sed -n 's/.*depth reached \([0-9]*\).*/\1/p' run.out)
                s_wall=$wall s_cpu=$cpu
                printf "%-3s %-3s %-6s %12s %14s %9s %9s %9s %8s\n" "$J" "$run" spin "$s_states" \
                    "$s_trans" "$wall" "$cpu" "$rss" "$s_depth"
            fi
        fi
        if [ "$jobtck_off" = 0 ]; then
            # shellcheck disable=SC2086
            timed "$jobtck" explore --jobs "$J" --users "$U" $threads --out "$work/trace.test"
            if [ "$status" != 0 ]; then
                echo "$J   $run   jobtck stopped after $LIMIT_S s or failed (exit $status): $(tail -n 2 run.out)"
                jobtck_off=1
                continue
            fi
            j_states=$(sed -n 's/^states \([0-9]*\),.*/\1/p' run.out)
            j_trans=$(sed -n 's/^states [0-9]*, transitions \([0-9]*\),.*/\1/p' run.out)
            j_depth=$(sed -n 's/^states [0-9]*, transitions [0-9]*, depth \([0-9]*\).*/\1/p' run.out)
            ratio_w=- ratio_c=-
            if [ "$spin_off" = 0 ]; then
                ratio_w=$(awk -v a="$s_wall" -v b="$wall" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
                ratio_c=$(awk -v a="$s_cpu" -v b="$cpu" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
            fi
            printf "%-3s %-3s %-6s %12s %14s %9s %9s %9s %8s %9s %9s\n" "$J" "$run" jobtck \
                "$j_states" "$j_trans" "$wall" "$cpu" "$rss" "$j_depth" "$ratio_w" "$ratio_c"
        fi
    done
done
echo "# spin counts one transition more than jobtck: its start. Ratios: spin's seconds over jobtck's, same run."
