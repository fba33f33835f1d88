#!/usr/bin/env bash
# Installs what jobtck needs to build and test on Debian (12 or later). Idempotent: does
# nothing when everything is there already.
set -euo pipefail
packages=(build-essential cmake pkg-config check libsubunit-dev lcov clang clang-format
          python3 libpq-dev postgresql libcmark-dev libxml2-utils
          clang-tidy cppcheck valgrind libclang-rt-14-dev
          libre2-dev libjansson-dev)
# jobtck bench: its anchors, SQLite in memory (sim/bench/anchor.c).
packages+=(libsqlite3-dev)
# The Debian package and the man page: cpack's DEB generator (dpkg-shlibdeps), groff and man
# (ctests package.deb and doc.man).
packages+=(dpkg-dev groff-base man-db)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all ${#packages[@]} packages present"
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
