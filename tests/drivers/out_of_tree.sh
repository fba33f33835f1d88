#!/bin/sh
# The example plugin out of the tree: `cmake --install` into a temporary prefix, a copy of
# examples/plugin built there with its own Makefile against the installed header (found by
# pkg-config; the header it used must be the installed one), then the bundled suite through
# it with the installed jobtck: exit 0 and the same output as the model in process.
# Usage: out_of_tree.sh CMAKE BUILD_DIR SOURCE_DIR CC CFLAGS
set -u
cmake=$1 build=$2 src=$3 cc=$4 cflags=$5
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
die() {
    echo "FAIL: $*"
    exit 1
}
# JT_PREFIX: a jobtck installed there already (tests/package/run.sh: the Debian package in an
# empty root) is used instead of one installed here.
if [ -n "${JT_PREFIX:-}" ]; then
    prefix=$JT_PREFIX
else
    "$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
        { cat "$tmp/install.log"; die "cmake --install"; }
fi
pc=$(find "$prefix" -name jobtck.pc | head -1)
[ -n "$pc" ] || die "no jobtck.pc installed under $prefix"
[ -f "$prefix/include/jobtck/driver.h" ] || die "no include/jobtck/driver.h installed"
cp -R "$src/examples/plugin" "$tmp/plugin"
rm -f "$tmp/plugin/"*.so "$tmp/plugin/"*.d
# The documented form (docs/drivers.md): PKG_CONFIG_PATH on make's command line, not in the
# environment, which must not carry one of its own.
env -u PKG_CONFIG_PATH make -C "$tmp/plugin" PKG_CONFIG_PATH="$(dirname "$pc")" CC="$cc" \
    CFLAGS="$cflags" JT_SOURCE="$src" JT_BUILD="$build" >"$tmp/make.log" 2>&1 ||
    { cat "$tmp/make.log"; die "make in the copy of examples/plugin"; }
# plugin.d lists the headers the compiler read: the driver.h among them is the installed one
used=$(tr ' \\' '\n\n' <"$tmp/plugin/plugin.d" | grep 'jobtck/driver\.h$' | head -1)
[ -n "$used" ] && [ "$(readlink -f "$used")" = "$(readlink -f "$prefix/include/jobtck/driver.h")" ] ||
    { cat "$tmp/plugin/plugin.d"; die "the plugin was not built against the installed driver.h"; }
"$build/jobtck" run "$src/cases" >"$tmp/model.out" 2>&1 || die "the suite fails on the model"
"$prefix/bin/jobtck" run --driver "plugin:$tmp/plugin/jobtck_example.so" "$src/cases" \
    >"$tmp/plugin.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/plugin.out"; die "the suite through the plugin exits $rc"; }
cmp -s "$tmp/model.out" "$tmp/plugin.out" ||
    { diff "$tmp/model.out" "$tmp/plugin.out" | head -40; die "the plugin's results differ"; }
echo "ok: built against $prefix/include/jobtck/driver.h; $(tail -n 1 "$tmp/plugin.out")"
