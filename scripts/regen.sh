#!/usr/bin/env bash
# Regenerates the generated cases: prototypes from cases/gen/gen.py, completed on the model by
# `jobtck complete`, then compared with cases/generated/ (--check) or written there; and the
# profiles' transition tables (cases/gen/transitions.py) and, when writing, the list of what
# v2.1 as built fails (scripts/asbuilt-expect.sh).
#
# usage: scripts/regen.sh [--check] [--seed S] [JOBTCK]
#   JOBTCK   the jobtck binary (default: build/jobtck)
#   --check  change nothing: exit 1 and print the diff when cases/generated/ differs by any
#            byte from what the generator and the model give now (ctest: generated.uptodate)
#   --seed S the generator's seed (default: the one the generator prints in each file)
# Without --check, cases/generated/*.test are replaced by the new files (stale ones removed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
check=0
seed=()
jobtck=""
while [ $# -gt 0 ]; do
    case $1 in
    --check) check=1 ;;
    --seed)
        [ $# -ge 2 ] || { echo "regen: --seed needs a value" >&2; exit 2; }
        seed=(--seed "$2")
        shift
        ;;
    -h | --help)
        sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    -*) echo "regen: unknown option $1" >&2; exit 2 ;;
    *) jobtck=$1 ;;
    esac
    shift
done
jobtck=${jobtck:-$root/build/jobtck}
case $jobtck in /*) ;; *) jobtck=$PWD/$jobtck ;; esac
if [ ! -x "$jobtck" ]; then
    echo "regen: $jobtck: not an executable (build it first, or name it)" >&2
    exit 2
fi
cd "$root"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt-regen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }

t0=$(now)
PYTHONDONTWRITEBYTECODE=1 python3 cases/gen/gen.py "${seed[@]}" --out "$tmp/proto" >"$tmp/gen.log"
t1=$(now)
if ! "$jobtck" complete --out "$tmp/done" "$tmp/proto" >"$tmp/complete.log" 2>"$tmp/complete.err"; then
    cat "$tmp/complete.err" >&2
    echo "regen: jobtck complete failed (above)" >&2
    exit 1
fi
t2=$(now)
echo "regen: $(cat "$tmp/gen.log")"
echo "regen: jobtck complete: $(tail -n 1 "$tmp/complete.log")"
echo "regen: generate $(ms "$t0" "$t1") ms, complete $(ms "$t1" "$t2") ms"

if [ "$check" -eq 1 ]; then
    # The profiles' transition tables, written from cases/gen/transitions.py's own tables.
    PYTHONDONTWRITEBYTECODE=1 python3 cases/gen/transitions.py --check || exit 1
    if diff -ru --exclude='.*' --exclude='*.md' cases/generated "$tmp/done" >"$tmp/diff"; then
        echo "regen: cases/generated/ and cases/profiles/*/11-transitions.test are up to date" \
            "($(ls "$tmp/done" | wc -l) generated files)"
        exit 0
    fi
    echo "regen: cases/generated/ differs from what the generator and the model give now:" >&2
    head -n 400 "$tmp/diff" >&2
    lines=$(wc -l <"$tmp/diff")
    if [ "$lines" -gt 400 ]; then echo "regen: ... ($lines lines of diff in all)" >&2; fi
    echo "regen: run 'bash scripts/regen.sh' to update it, and review the diff" >&2
    exit 1
fi
mkdir -p cases/generated
rm -f cases/generated/*.test
cp "$tmp/done"/*.test cases/generated/
echo "regen: wrote $(ls "$tmp/done"/*.test | wc -l) files to cases/generated/"
PYTHONDONTWRITEBYTECODE=1 python3 cases/gen/transitions.py
echo "regen: wrote cases/profiles/*/11-transitions.test"
# What v2.1 as built fails of them (tests/profiles/run.sh checks it is exact).
bash scripts/asbuilt-expect.sh "$jobtck"
