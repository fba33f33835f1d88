#!/bin/sh
# Usage: tests/doc/readme.sh JOBTCK SOURCE_DIR
# The README's `jobtck doc` session is real: each command of the code block that starts with
# `$ build/jobtck doc tests/doc/pause-imports.md` is run in a folder laid out as a checkout
# (the page at tests/doc/, the program at build/jobtck), and prints what the README shows.
set -u
jobtck=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jt_readme.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tests/doc" "$tmp/build"
cp "$src/tests/doc/pause-imports.md" "$tmp/tests/doc/"
ln -s "$jobtck" "$tmp/build/jobtck"
# the block: from its first `$ ` line to the closing fence
awk '/^\$ build\/jobtck doc tests\/doc\/pause-imports\.md$/ { on = 1 }
     on && /^```/ { exit }
     on { print }' "$src/README.md" >"$tmp/block"
if [ ! -s "$tmp/block" ]; then
    echo "FAIL README.md has no session of \`build/jobtck doc tests/doc/pause-imports.md\`"
    exit 1
fi
# replay it: each `$ COMMAND` line run, its output in place of the lines after it
: >"$tmp/got"
commands=0
while IFS= read -r line; do
    case $line in
    '$ '*)
        commands=$((commands + 1))
        printf '%s\n' "$line" >>"$tmp/got"
        (cd "$tmp" && sh -c "${line#\$ }") >>"$tmp/got" 2>&1
        ;;
    esac
done <"$tmp/block"
if diff -u "$tmp/block" "$tmp/got"; then
    echo "ok: the README's doc session ($commands commands) prints what it shows"
else
    echo "FAIL: the README's doc session differs from what the commands print (above: - README, + now)"
    exit 1
fi
