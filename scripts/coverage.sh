#!/usr/bin/env bash
# Line coverage of model/ and sim/ (and reports/) by every test: builds the coverage preset
# (gcov instrumentation), runs ctest, and writes lcov's HTML to BUILD_DIR/reports/coverage.
# Prints the figure for model/ (the aim: 95% or more of its lines) and for sim/.
#
# Usage: scripts/coverage.sh                 configure, build, test, report (build-coverage/)
#        scripts/coverage.sh --built DIR     DIR is configured already (the CMake target
#                                            `coverage`: cmake --build --preset coverage --target coverage)
# OUT=path overrides the report folder (default reports/coverage in the build folder, so that
# a coverage run never writes into another build's folder).
set -euo pipefail
build=
configure=1
if [ "${1:-}" = "--built" ]; then
    build=$(cd "${2:?usage: scripts/coverage.sh --built BUILD_DIR}" && pwd)
    configure=0
fi
cd "$(dirname "$0")/.."
src=$(pwd)
build=${build:-$src/build-coverage}
out=${OUT:-$build/reports/coverage}
for tool in lcov genhtml ctest; do
    command -v "$tool" >/dev/null || { echo "coverage: $tool is missing (scripts/deps.sh)" >&2; exit 2; }
done
if [ "$configure" -eq 1 ]; then
    cmake --preset coverage >/dev/null
fi
cmake --build "$build" -j "$(nproc)"
# Quiet lcov: geninfo of some Debian releases warns about its own redefined subroutines.
quiet() { "$@" 2> >(grep -v 'redefined at' >&2); }
quiet lcov --quiet --zerocounters --directory "$build"
status=0
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure || status=$?
info="$build/coverage.info"
quiet lcov --quiet --capture --directory "$build" --base-directory "$src" --output-file "$info.all"
quiet lcov --quiet --extract "$info.all" "$src/model/*" "$src/sim/*" "$src/reports/*" \
    --output-file "$info"
mkdir -p "$out"
quiet genhtml --quiet --title "jobtck: model/ and sim/" --prefix "$src" --output-directory "$out" "$info"
figure() { # name pattern
    quiet lcov --quiet --extract "$info" "$2" --output-file "$info.$1"
    lcov --summary "$info.$1" 2>&1 | sed -n "s/^ *lines\.*: /$1 lines: /p"
}
echo "== line coverage (lcov; HTML in ${out#"$src"/})"
figure model "$src/model/*"
figure sim "$src/sim/*"
figure reports "$src/reports/*"
if [ "$status" -ne 0 ]; then
    echo "coverage: ctest failed (exit $status); the figures cover the tests that ran" >&2
fi
exit "$status"
