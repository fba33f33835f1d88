#!/usr/bin/env bash
# Builds the Debian package of jobtck: the default preset, then `cpack -G DEB` in its build
# folder. Prints the path of jobtck_<version>_<arch>.deb, which installs with
#   sudo apt-get install ./build/jobtck_<version>_<arch>.deb
# (apt-get pulls the runtime libraries it depends on). The ctest package.deb builds the same
# package, installs it into an empty root and uses it there (tests/package/run.sh).
# Usage: scripts/package.sh [PRESET]   (default: default)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
cmake --preset "$preset" ${JT_WERROR:+-DJT_WERROR="$JT_WERROR"} >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
# The presets' binary folders (CMakePresets.json): build, build-asan, build-coverage...
case $preset in default) build=build ;; *) build=build-$preset ;; esac
(cd "$build" && cpack -G DEB >cpack.log 2>&1) || { cat "$build/cpack.log"; exit 1; }
ls "$PWD/$build"/jobtck_*.deb
