#!/bin/sh
# Every subcommand that `jobtck --help` lists answers `jobtck COMMAND --help` with exit 0 and
# a help that has an "Example:" (or "Examples:") section.
# Usage: sh tests/reports/help.sh path/to/jobtck
set -u
jobtck=$1
work=$(mktemp -d /tmp/jt_help_sh.XXXXXX) || exit 2
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
commands=$("$jobtck" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
if [ -z "$commands" ]; then
    echo "FAIL jobtck --help lists no command"
    exit 1
fi
for cmd in $commands; do
    "$jobtck" "$cmd" --help >"$work/help" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && grep -qi '^ *examples\{0,1\}:' "$work/help"; then
        passed=$((passed + 1))
        echo "ok   jobtck $cmd --help has an example"
    else
        failed=$((failed + 1))
        echo "FAIL jobtck $cmd --help has an example"
        echo "     exit $status; no 'Example:' line in its help"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
