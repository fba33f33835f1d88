#!/bin/sh
# `jobtck run --profile all` (and NAME,NAME...): one run per profile in one process, each
# case file read once. Each profile's section is byte for byte the output of its own run; the
# total adds them up; the exit status is the worst of the runs; a run where no profile checked
# a record fails; --report with several profiles and an unknown name are bad usage.
# Usage: sh tests/profiles/all.sh path/to/jobtck
set -u
jobtck=$1
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# every profile's section of the whole corpus equals its own run
"$jobtck" run --profile all cases/ >"$tmp/all.txt" 2>"$tmp/all.err"
st=$?
[ "$st" = 1 ] && ok "--profile all cases/: exit 1 (v2.1 as built fails what its .expect lists)" ||
    bad "--profile all cases/: exit $st, expected 1"
worst=0
P=0 F=0 S=0
for p in $("$jobtck" profiles | awk '{print $1}'); do
    "$jobtck" run --profile "$p" cases/ >"$tmp/one.txt" 2>/dev/null
    s=$?
    [ "$s" -gt "$worst" ] && worst=$s
    awk -v h="profile $p:" '$0 == h {f = 1; next} /^profile .*:$/ || /^all [0-9]+ profiles:/ {f = 0} f' \
        "$tmp/all.txt" | sed -e '${/^$/d;}' >"$tmp/sec.txt"
    if cmp -s "$tmp/one.txt" "$tmp/sec.txt"; then
        ok "profile $p: its section is its own run's output"
    else
        bad "profile $p: its section differs from its own run:"
        diff "$tmp/one.txt" "$tmp/sec.txt" | head -5
    fi
    set -- $(tail -1 "$tmp/one.txt")
    P=$((P + $1)) F=$((F + $3)) S=$((S + $5))
done
n=$("$jobtck" profiles | wc -l | tr -d ' ')
want="all $n profiles: $P passed, $F failed, $S skipped"
[ "$(tail -1 "$tmp/all.txt")" = "$want" ] && ok "the total: $want" ||
    bad "the total: '$(tail -1 "$tmp/all.txt")', expected '$want'"
[ "$worst" = "$st" ] && ok "exit status the worst of the runs ($worst)" ||
    bad "exit status $st, the runs' worst is $worst"

# a list: only those profiles, in that order
"$jobtck" run --profile v25.3,v2.0 cases/profiles/v2.0 cases/profiles/v25.3 >"$tmp/two.txt" 2>&1
st=$?
heads=$(grep '^profile .*:$' "$tmp/two.txt" | tr '\n' ' ')
[ "$st" = 0 ] && [ "$heads" = "profile v25.3: profile v2.0: " ] &&
    ok "--profile v25.3,v2.0: both, in that order, exit 0" ||
    bad "--profile v25.3,v2.0: exit $st, sections '$heads'"

# nothing checked under any profile: 1; something checked under one of them: 0
"$jobtck" run --profile v25.3,v25.1 cases/profiles/v2.0 >"$tmp/none.txt" 2>&1
st=$?
[ "$st" = 1 ] && grep -q 'no record was checked' "$tmp/none.txt" &&
    ok "no profile checked a record: exit 1, said" || bad "nothing checked: exit $st"

# a malformed file: said under each profile, the others still run, exit 2
mkdir "$tmp/bad"
cp cases/01-example-single.test "$tmp/bad/a.test"
cp tests/bad/bad-count.test "$tmp/bad/b.test"
"$jobtck" run --profile v2.1,v20.1 "$tmp/bad" >"$tmp/bad.out" 2>"$tmp/bad.err"
st=$?
n_err=$(grep -c 'b.test:3:20: ' "$tmp/bad.err")
[ "$st" = 2 ] && [ "$n_err" = 2 ] && grep -q '^profile v20.1:$' "$tmp/bad.out" &&
    tail -1 "$tmp/bad.out" | grep -q '^all 2 profiles: 23 passed, 0 failed, 23 skipped$' &&
    ok "a malformed file: said under both profiles, both ran, exit 2" ||
    bad "a malformed file: exit $st, said $n_err times: $(tail -1 "$tmp/bad.out")"

# bad usage
for args in "--profile v2.1,nope" "--profile v2.1,v25.3 --report json=$tmp/r.json" "--profile ,"; do
    "$jobtck" run $args cases/01-example-single.test >"$tmp/bad.txt" 2>&1
    st=$?
    [ "$st" = 2 ] && head -1 "$tmp/bad.txt" | grep -q '^jobtck run: ' && [ ! -e "$tmp/r.json" ] &&
        ok "run $args: bad usage, exit 2: $(head -1 "$tmp/bad.txt")" ||
        bad "run $args: exit $st: $(head -1 "$tmp/bad.txt")"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
