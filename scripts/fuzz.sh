#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (-DJT_FUZZ=ON: ASan + UBSan) and runs
# each for a bounded time from seed corpora made from cases/.
#
# Usage: scripts/fuzz.sh [-t SECONDS] [-b BUILD_DIR] [-j JOBS] [TARGET...]
#   -t SECONDS   how long each target runs (default 30, or $JT_FUZZ_SECONDS)
#   -b DIR       the build folder (default build-fuzz); its fuzz/ keeps the corpora between
#                runs, and fuzz/crashes/<target>/ the inputs that crashed
#   TARGET       fuzz_caseread, fuzz_sql... (default: every tests/fuzz/fuzz_*.c)
# Prints, per target, the executions run and the crashes found; exits 1 when a target
# crashed (reproduce: BUILD_DIR/tests/fuzz/TARGET CRASH_FILE; once fixed, keep the input
# under tests/fuzz/regress/TARGET/, which ctest replays), 2 on bad usage or a failed build.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
seconds=${JT_FUZZ_SECONDS:-30}
build=build-fuzz
while getopts "t:b:h" opt; do
    case $opt in
    t) seconds=$OPTARG ;;
    b) build=$OPTARG ;;
    h) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case $seconds in '' | *[!0-9]*) echo "fuzz.sh: -t expects whole seconds" >&2; exit 2 ;; esac
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi
command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (scripts/deps.sh)" >&2; exit 2; }

echo "== fuzz: building ${targets[*]} with clang in $build"
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJT_FUZZ=ON \
    -DJT_WERROR="${JT_WERROR:-OFF}" >/dev/null || exit 2
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null || exit 2

# Seeds: the case files for the reader; the SQL of the case files for the SQL target (each
# statement alone, and each file's statements in order, NUL-separated, as one input); those
# statements as a client's session for serve; the pages of tests/doc for doc; and every
# target's regress/ folder.
work=$build/fuzz
rm -rf "$work/seeds"
mkdir -p "$work/seeds"
python3 - "$src" "$work/seeds" <<'PY'
import os, sys, glob
src, out = sys.argv[1], sys.argv[2]
cases = sorted(glob.glob(os.path.join(src, "cases", "**", "*.test"), recursive=True))
bad = sorted(glob.glob(os.path.join(src, "tests", "bad", "*.test")))
d = os.path.join(out, "fuzz_caseread"); os.makedirs(d)
for i, p in enumerate(cases + bad):
    with open(p, "rb") as f, open(os.path.join(d, "case-%03d" % i), "wb") as g:
        g.write(f.read())
d = os.path.join(out, "fuzz_sql"); os.makedirs(d)
n = 0
serve_sessions = []
for p in cases:
    lines = open(p, encoding="utf-8").read().split("\n")
    stmts, i = [], 0
    while i < len(lines):
        w = lines[i].split()
        if w and w[0] in ("statement", "query", "let"):
            i += 1
            sql = []
            while i < len(lines) and lines[i].strip() and lines[i] != "----":
                sql.append(lines[i]); i += 1
            if sql:
                stmts.append("\n".join(sql))
        i += 1
    # a file of a later profile: its seeds start with the byte of that profile (fuzz_sql.c)
    order = ["v2.1", "v2.1-as-built", "v19.2", "v20.1", "v20.2", "v22.2", "v23.1", "v25.1"]
    prof = [l.split()[1] for l in lines if l.startswith("profile ")]
    head = bytes([0x10 + order.index(prof[0])]) if prof and prof[0] in order else b""
    for s in stmts:
        with open(os.path.join(d, "sql-%04d" % n), "wb") as g:
            g.write(head + s.encode()); n += 1
    with open(os.path.join(d, "file-%04d" % n), "wb") as g:
        g.write(head + b"\0".join(s.encode() for s in stmts[:16])); n += 1
    serve_sessions.append(stmts[:16])
# For serve: each file's first statements as a client session (whole reads: a first byte 0).
import struct
def message(kind, body):
    return kind + struct.pack(">I", len(body) + 4) + body
d = os.path.join(out, "fuzz_serve"); os.makedirs(d)
for i, stmts in enumerate(serve_sessions):
    startup = struct.pack(">I", 196608) + b"user\0root\0database\0d\0\0"
    data = b"\0" + struct.pack(">I", len(startup) + 4) + startup
    data += b"".join(message(b"Q", s.encode() + b"\0") for s in stmts)
    with open(os.path.join(d, "session-%03d" % i), "wb") as g:
        g.write(data + message(b"X", b""))
# The documentation pages of tests/doc for the Markdown extractor.
d = os.path.join(out, "fuzz_doc"); os.makedirs(d)
pages = sorted(glob.glob(os.path.join(src, "tests", "doc", "**", "*.md"), recursive=True))
for i, p in enumerate(pages):
    with open(p, "rb") as f, open(os.path.join(d, "page-%03d" % i), "wb") as g:
        g.write(f.read())
PY

status=0
for t in "${targets[@]}"; do
    bin=$build/tests/fuzz/$t
    corpus=$work/corpus/$t
    crashes=$work/crashes/$t
    mkdir -p "$corpus" "$crashes"
    seeds=()
    if [ -d "$work/seeds/$t" ]; then seeds=("$work/seeds/$t"); fi
    if [ -d "tests/fuzz/regress/$t" ]; then seeds+=("tests/fuzz/regress/$t"); fi
    dict=()
    if [ -f "tests/fuzz/$t.dict" ]; then dict=("-dict=tests/fuzz/$t.dict"); fi
    log=$work/$t.log
    before=$(find "$crashes" -type f | wc -l)
    set +e
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$bin" "$corpus" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$crashes/" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    found=$(($(find "$crashes" -type f | wc -l) - before))
    echo "fuzz: $t: ${execs:-?} executions in ${seconds} s, $found crash(es) (log: $log)"
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        grep -E 'ERROR: |SUMMARY: |^fuzz_sql: |runtime error|Test unit written' "$log" | head -n 8 || true
    fi
done
exit $status
