#!/usr/bin/env bash
# Builds a preset and runs every test with ctest. Usage: scripts/test.sh [default|asan|coverage]
# JT_WERROR=ON (the default in CI) makes warnings errors.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
werror=${JT_WERROR:-OFF}
if [ -n "${CI:-}" ]; then werror=ON; fi
cmake --preset "$preset" -DJT_WERROR="$werror" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
