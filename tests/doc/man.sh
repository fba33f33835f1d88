#!/bin/sh
# Usage: tests/doc/man.sh JOBTCK JOBTCK.1
# The man page renders without a single warning: groff -man -ww (every warning), and man -l
# --warnings as a reader would see it; and it names every command `jobtck --help` lists.
# Exit 77 (skipped) when groff is not installed (scripts/deps.sh installs groff-base, man-db).
set -u
jobtck=$1
page=$2
command -v groff >/dev/null || { echo "SKIP: no groff (scripts/deps.sh installs groff-base)"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_man.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
failed=0
groff -man -ww -z "$page" 2>"$tmp/groff"
if [ $? -ne 0 ] || [ -s "$tmp/groff" ]; then
    echo "FAIL groff -man -ww -z $page:"
    cat "$tmp/groff"
    failed=1
else
    echo "ok   groff -man -ww: no warning"
fi
if command -v man >/dev/null; then
    MANWIDTH=80 man --warnings -l "$page" >"$tmp/text" 2>"$tmp/man"
    if [ $? -ne 0 ] || [ -s "$tmp/man" ]; then
        echo "FAIL man --warnings -l $page:"
        cat "$tmp/man"
        failed=1
    else
        echo "ok   man --warnings -l: no warning, $(wc -l <"$tmp/text") lines"
    fi
else
    groff -man -Tutf8 "$page" >"$tmp/text" 2>/dev/null
fi
if grep -q '@[A-Z_]*@' "$page"; then
    echo "FAIL $page: a placeholder left unfilled: $(grep -o '@[A-Z_]*@' "$page" | head -n 1)"
    failed=1
fi
commands=$("$jobtck" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] || { echo "FAIL jobtck --help lists no command"; failed=1; }
for cmd in $commands; do
    if ! grep -q "^ *$cmd" "$tmp/text"; then
        echo "FAIL the page does not describe jobtck $cmd"
        failed=1
    fi
done
[ $failed -eq 0 ] && echo "ok   every command described"
exit $failed
