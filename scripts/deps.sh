#!/usr/bin/env bash
# Installs what jobtck needs to build and test on Debian (12 or later). Idempotent: does
# nothing when everything is there already.
set -euo pipefail
# jobtck serve: libpg-query-dev (PostgreSQL's parser: valid SQL or not). Its client matrix
# (tests/pg/): postgresql (psql, pgbench, and a server for the load script's comparison),
# python3-psycopg2 and python3-psycopg (psycopg 3) for Debian's python3, nodejs (npm installs
# node-postgres into the build tree).
packages=(build-essential cmake pkg-config check libsubunit-dev lcov clang clang-format
          python3 libpq-dev postgresql libcmark-dev libxml2-utils
          clang-tidy cppcheck valgrind libclang-rt-14-dev
          libre2-dev libjansson-dev libpg-query-dev python3-psycopg2 python3-psycopg nodejs)
# The model: ICU's common library (Unicode case mapping, NFC and categories of role names).
packages+=(libicu-dev)
# jobtck bench: its anchors, SQLite in memory (sim/bench/anchor.c).
packages+=(libsqlite3-dev)
# The Debian package and the man page: cpack's DEB generator (dpkg-shlibdeps), groff and man
# (ctests package.deb and doc.man).
packages+=(dpkg-dev groff-base man-db)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm comes with NodeSource's nodejs; Debian's nodejs needs Debian's npm.
command -v npm >/dev/null 2>&1 || missing+=(npm)
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
