#!/bin/sh
# Usage: tests/package/run.sh CPACK CMAKE BUILD_DIR SOURCE_DIR CC CFLAGS
# The Debian package, as a user gets it:
#   1. `cpack -G DEB` in the build folder makes jobtck_<version>_<arch>.deb;
#   2. its metadata: name, version, architecture, a maintainer, a description, and Depends
#      naming the package of every shared library its programs load (dpkg-shlibdeps), so that
#      `apt-get install ./jobtck_*.deb` on a fresh machine pulls them (simulated with
#      apt-get -s against this machine's packages, when apt-get is there);
#   3. installed with dpkg into an empty root (`dpkg --root`: nothing of this machine's
#      /usr is touched or used), the installed `jobtck run` without a path runs the bundled
#      suite from that root and passes it, with the totals of the suite in the source tree;
#      the installed `jobtck mutants --quick` kills every mutant; the man page renders;
#   4. examples/plugin built out of the tree against the installed header with pkg-config,
#      the suite run through it by the installed jobtck (tests/drivers/out_of_tree.sh).
# Exit 77 (skipped) when cpack's DEB generator cannot work here: no dpkg-deb, dpkg or
# dpkg-shlibdeps (scripts/deps.sh installs dpkg-dev). Root is not needed.
set -u
cpack=$1 cmake=$2 build=$3 src=$4 cc=$5 cflags=$6
for tool in dpkg dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool (scripts/deps.sh installs dpkg-dev)"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_package.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok   $1"
}
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# 1. the package
if ! "$cpack" -G DEB -B "$tmp/pkg" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log"
    fail "cpack -G DEB"
    finish
fi
version=$("$build/jobtck" --version | sed -n 's/^jobtck //p')
arch=$(dpkg --print-architecture)
deb=$tmp/pkg/jobtck_${version}_${arch}.deb
if [ -f "$deb" ]; then
    ok "cpack -G DEB made $(basename "$deb") ($(wc -c <"$deb") bytes)"
else
    ls "$tmp/pkg"
    fail "no $(basename "$deb")"
    finish
fi

# 2. its metadata
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = jobtck ] && [ "$(field Version)" = "$version" ] &&
    [ "$(field Architecture)" = "$arch" ] &&
    ok "Package jobtck, Version $version, Architecture $arch" ||
    fail "Package/Version/Architecture: $(field Package) $(field Version) $(field Architecture)"
field Maintainer | grep -q '^[^<]\{1,\} <[^@>]\{1,\}@[^>]\{1,\}>$' &&
    ok "Maintainer: $(field Maintainer)" || fail "Maintainer '$(field Maintainer)' is not 'Name <address>'"
[ "$(field Description | wc -l)" -ge 3 ] && ok "Description: $(field Description | head -n 1)" ||
    fail "Description: a summary and a long description expected"
depends=$(field Depends)
echo "     Depends: $depends"

mkdir -p "$tmp/root/var/lib/dpkg/info" "$tmp/root/var/lib/dpkg/updates"
: >"$tmp/root/var/lib/dpkg/status"
# 3. installed into an empty root; dpkg says which dependencies that root lacks
if dpkg --root="$tmp/root" --force-depends --force-not-root --log=/dev/null -i "$deb" \
    >"$tmp/dpkg.log" 2>&1 &&
    dpkg --root="$tmp/root" -s jobtck 2>/dev/null | grep -qx 'Status: install ok installed'; then
    ok "dpkg --root: installed into an empty root"
else
    cat "$tmp/dpkg.log"
    fail "dpkg --root -i"
    finish
fi
root=$(cd "$tmp/root" && pwd -P)
usr=$root/usr

# Every shared library the package's programs need (their NEEDED entries, found where the
# loader finds them) belongs to a package named in Depends.
missing=""
for elf in "$usr/bin/jobtck" "$usr"/lib/jobtck/mutants/*.so; do
    ldd "$elf" >"$tmp/ldd" 2>/dev/null
    readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r soname; do
        sed -n "s/^[[:space:]]*$soname => \(\/[^ ]*\) .*/\1/p" "$tmp/ldd"
    done
done | sort -u >"$tmp/libs"
while read -r lib; do
    real=$(readlink -f "$lib")
    pkg=$( (dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null) | head -n 1 | cut -d: -f1)
    [ -n "$pkg" ] || continue # not from a package: nothing to depend on
    echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$pkg" ||
        missing="$missing $pkg($lib)"
done <"$tmp/libs"
if [ -z "$missing" ]; then
    ok "Depends names the package of each of the $(wc -l <"$tmp/libs") libraries the programs need: $(tr '\n' ' ' <"$tmp/libs")"
else
    fail "Depends lacks:$missing"
fi
if command -v apt-get >/dev/null; then
    if apt-get -s install "$deb" >"$tmp/apt.log" 2>&1 && grep -q '^Inst jobtck ' "$tmp/apt.log"; then
        ok "apt-get -s install ./$(basename "$deb"): its dependencies resolve ($(grep -c '^Inst ' "$tmp/apt.log") to install)"
    else
        tail -n 5 "$tmp/apt.log"
        fail "apt-get -s install ./$(basename "$deb")"
    fi
fi

for f in bin/jobtck include/jobtck/driver.h lib/pkgconfig/jobtck.pc share/man/man1/jobtck.1.gz \
    share/jobtck/README.md share/jobtck/docs/spec.md share/jobtck/docs/case-language.md \
    share/jobtck/examples/plugin/plugin.c share/jobtck/examples/adapter/adapter.c \
    share/jobtck/cases/recipes/serve.sql; do
    [ -e "$usr/$f" ] || fail "not installed: /usr/$f"
done
ntests=$(find "$usr/share/jobtck/cases" -name '*.test' | wc -l)
[ "$ntests" -eq "$(find "$src/cases" -name '*.test' | wc -l)" ] &&
    ok "/usr/share/jobtck/cases: the $ntests case files of cases/" ||
    fail "/usr/share/jobtck/cases has $ntests case files, cases/ $(find "$src/cases" -name '*.test' | wc -l)"

# The installed program, run from an empty folder: the bundled suite of the root.
mkdir "$tmp/elsewhere"
(cd "$tmp/elsewhere" && "$usr/bin/jobtck" run) >"$tmp/run.out" 2>&1
status=$?
"$build/jobtck" run "$src/cases" >"$tmp/tree.out" 2>&1
if [ $status -eq 0 ] && head -n 1 "$tmp/run.out" | grep -q "^$usr/share/jobtck/cases/01-" &&
    [ "$(tail -n 1 "$tmp/run.out")" = "$(tail -n 1 "$tmp/tree.out")" ]; then
    ok "installed jobtck run, no path: $usr/share/jobtck/cases, $(tail -n 1 "$tmp/run.out")"
else
    head -n 3 "$tmp/run.out"
    tail -n 3 "$tmp/run.out"
    fail "installed jobtck run without a path (exit $status; the source tree gives: $(tail -n 1 "$tmp/tree.out"))"
fi
(cd "$tmp/elsewhere" && "$usr/bin/jobtck" mutants --quick) >"$tmp/mutants.out" 2>&1
status=$?
if [ $status -eq 0 ] && tail -n 1 "$tmp/mutants.out" | grep -q '^\([0-9]*\) of \1 mutants killed$'; then
    ok "installed jobtck mutants --quick: $(tail -n 1 "$tmp/mutants.out")"
else
    cat "$tmp/mutants.out"
    fail "installed jobtck mutants --quick (exit $status)"
fi
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$usr/share/man/man1/jobtck.1.gz" >"$tmp/man.txt" 2>"$tmp/man.err"
    if [ -s "$tmp/man.txt" ] && grep -q "jobtck $version" "$tmp/man.txt" && [ ! -s "$tmp/man.err" ]; then
        ok "man -l jobtck.1.gz: $(wc -l <"$tmp/man.txt") lines, version $version"
    else
        cat "$tmp/man.err"
        fail "man -l jobtck.1.gz"
    fi
fi

# 4. the example plugin out of the tree, against the installed header
if JT_PREFIX=$usr sh "$src/tests/drivers/out_of_tree.sh" "$cmake" "$build" "$src" "$cc" "$cflags" \
    >"$tmp/plugin.out" 2>&1; then
    ok "examples/plugin out of the tree: $(tail -n 1 "$tmp/plugin.out")"
else
    cat "$tmp/plugin.out"
    fail "examples/plugin out of the tree against the installed package"
fi
finish
