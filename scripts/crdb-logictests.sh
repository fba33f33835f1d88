#!/usr/bin/env bash
# crdb-logictests.sh [--jobtck BIN] [--driver SPEC] [--driver-option K=V]... DIR [TABLE]
#
# Runs CockroachDB's own job-control logic tests, unmodified, each under the profile of its
# release, and prints a line per file: the file, its release, the profile, and the counts of
# records passed, failed, skipped and, among the skipped, those that are not job control
# (statements outside the SQL the kit models: the model says so, docs/profiles.md "CockroachDB's
# own logic tests"). DIR holds the files, named as TABLE names them (<name>@<commit>); TABLE
# (default: scripts/crdb-logictests.table beside this script) has lines FILE PROFILE RELEASE.
# Against the model (the default driver) the model starts as CockroachDB's logic-test cluster
# (--driver-option start=logictest); with --driver the implementation is the vendor's.
#
# Exit status: 0 when no record failed, 1 when one did, 2 for a file missing or not read.
set -u
here=$(cd "$(dirname "$0")" && pwd)
jobtck=${JOBTCK:-$here/../build/jobtck}
driver=model
opts=()
while [ $# -gt 0 ]; do
  case $1 in
    --jobtck) jobtck=$2; shift 2 ;;
    --driver) driver=$2; shift 2 ;;
    --driver-option) opts+=(--driver-option "$2"); shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 [--jobtck BIN] [--driver SPEC] [--driver-option K=V]... DIR [TABLE]" >&2
  exit 2
fi
dir=$1
table=${2:-$here/crdb-logictests.table}
case $driver in
  model|model:*) opts+=(--driver-option start=logictest) ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
printf '%-62s %-12s %-8s %6s %6s %7s %15s\n' file release profile passed failed skipped "not job control"
while read -r file profile release rest; do
  case $file in ''|'#'*) continue ;; esac
  if [ ! -f "$dir/$file" ]; then
    printf '%-62s %-12s %-8s %s\n' "$file" "$release" "$profile" missing
    status=2
    continue
  fi
  rm -f "$tmp/r.json"
  "$jobtck" run -q --driver "$driver" "${opts[@]}" --profile "$profile" \
    --report "json=$tmp/r.json" "$dir/$file" > "$tmp/out" 2>&1
  rc=$?
  counts=$(python3 - "$tmp/r.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("- - - - -")
    sys.exit(0)
s = d["summary"]
outside = sum(1 for f in d["files"] for r in f["records"]
              if r["outcome"] == "skip" and (r["message"] or "").startswith("not job control:"))
print(s["passed"], s["failed"], s["skipped"], outside, s["input_errors"])
PY
)
  read -r passed failed skipped outside errors <<< "$counts"
  printf '%-62s %-12s %-8s %6s %6s %7s %15s\n' "$file" "$release" "$profile" "$passed" "$failed" "$skipped" "$outside"
  if [ "$passed" = - ] || [ "$errors" != 0 ]; then
    sed 's/^/    /' "$tmp/out"
    status=2
  elif [ "$rc" -ne 0 ] || [ "$failed" != 0 ]; then
    sed 's/^/    /' "$tmp/out"
    [ $status -eq 0 ] && status=1
  fi
done < "$table"
exit $status
