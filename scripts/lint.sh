#!/usr/bin/env bash
# Static analysis with the checked-in configurations, over the compile_commands.json of a
# build (default: build-clang, made with `cmake --preset clang` when missing):
#   clang-tidy (.clang-tidy) over model/ and sim/ (the C files and the one C++ file); the
#     findings listed in tests/lint/clang-tidy.known (file and check, each left to its owner)
#     are tolerated;
#   cppcheck (--enable=warning,performance,portability, tests/lint/jobtck.cfg,
#     tests/lint/cppcheck.suppress) over model/, sim/ and reports/;
#   clang-format (.clang-format, the house style) over every C (and C++) file git tracks.
# Exits 1 when any of them finds anything else. Usage: scripts/lint.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build-clang}
if [ ! -f "$build/compile_commands.json" ]; then
    cmake --preset clang -DJT_WERROR="${JT_WERROR:-ON}" >/dev/null
    build=build-clang
fi
status=0
tidy=$(command -v run-clang-tidy || command -v run-clang-tidy-14 || true)
if [ -z "$tidy" ]; then
    echo "lint: run-clang-tidy not found (scripts/deps.sh installs clang-tidy)" >&2
    exit 2
fi

echo "== clang-tidy ($(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -n 1)) over model/ and sim/"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# run-clang-tidy's own status is not used: its findings are sorted below.
"$tidy" -quiet -p "$build" -j "$(nproc)" "$root/(model|sim)/.*\\.cc?\$" >"$log" 2>&1 || true
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" |
    sed -n -E "s#^$root/([^:]+):([0-9]+):[0-9]+: (warning|error): .* \\[([a-zA-Z0-9.-]+)(,-warnings-as-errors)?\\]\$#\\1 \\4 \\1:\\2#p" |
    sort -u)
if grep -q 'error: .*clang-diagnostic-error\|fatal error' "$log"; then
    grep 'clang-diagnostic-error\|fatal error' "$log" | head -n 5
    echo "lint: clang-tidy could not compile a file" >&2
    status=1
fi
new=0
known=0
while read -r file check where; do
    [ -n "$file" ] || continue
    if grep -q -x -F "$file $check" tests/lint/clang-tidy.known; then
        known=$((known + 1))
    else
        new=$((new + 1))
        grep -F "$where:" "$log" | sed 's/\x1b\[[0-9;]*m//g' | head -n 1
    fi
done <<<"$findings"
echo "clang-tidy: $new new finding(s), $known known (tests/lint/clang-tidy.known)"
[ "$new" -eq 0 ] || status=1

echo "== cppcheck ($(cppcheck --version)) over model/, sim/ and reports/"
# cppcheck 2.10 matches --file-filter against the paths relative to the current folder.
if ! cppcheck --enable=warning,performance,portability --error-exitcode=1 --inline-suppr -q \
    --project="$build/compile_commands.json" --library=tests/lint/jobtck.cfg \
    --suppressions-list=tests/lint/cppcheck.suppress -j "$(nproc)" \
    --file-filter="model/*" --file-filter="sim/*" --file-filter="reports/*" \
    --template='{file}:{line}: {severity}: {message} [{id}]'; then
    echo "cppcheck: findings above"
    status=1
else
    echo "cppcheck: no findings"
fi

echo "== clang-format ($(clang-format --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -n 1)) over the C files"
unformatted=$(git ls-files '*.c' '*.h' '*.cc' | while read -r f; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"
done)
if [ -n "$unformatted" ]; then
    printf 'clang-format: not in the house style (clang-format -i FILE):\n%s\n' "$unformatted"
    status=1
else
    echo "clang-format: every C file in the house style"
fi
exit $status
